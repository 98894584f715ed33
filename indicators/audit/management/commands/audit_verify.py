"""``manage.py audit_verify [--expect HASH]``: check the audit trail's hash chain.

Prints how many entries chain and the newest hash (keep it in the operations log);
exits 1 naming the first entry where the chain breaks. ``--expect`` also asks that
a hash noted earlier is still in the chain: a trail rewritten from some entry on,
every hash recomputed, no longer holds it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...chain import FIELDS, chain_walk
from ...models import Action, AuditEvent

WHY = {
    "edited": gettext_lazy("该记录的内容与它的哈希不符：记录被改动过。"),
    "gap": gettext_lazy(
        "它记下的前一条记录不是现在排在它前面的那条：其间有记录被删除、插入或调换过。"
    ),
    "start": gettext_lazy(
        "它是现存的第一条，但它之前的记录不见了，且没有与之相符的归档清理（audit_purge）记录。"
    ),
}


def purge_anchor() -> str:
    """The hash the oldest remaining entry chains onto: that of the last entry the
    latest ``audit_purge`` removed, or "" when nothing was ever removed."""
    details = (
        AuditEvent.objects.filter(action=Action.AUDIT_PURGED)
        .order_by("-id")
        .values_list("details", flat=True)
        .first()
    )
    return (details or {}).get("last_hash", "")


def broken_message(entry, problem: str) -> str:
    when = timezone.localtime(entry["created_at"]).strftime("%Y-%m-%d %H:%M:%S")
    return _("审计链在第 %(id)s 条记录处断开（%(when)s %(who)s %(action)s）：%(why)s") % {
        "id": entry["id"],
        "when": when,
        "who": entry["username"] or "-",
        "action": entry["action"],
        "why": WHY[problem],
    }


class Command(BaseCommand):
    help = "Check the hash chain of the audit trail; exit 1 at the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("--expect", default="", metavar="HASH", help="a hash noted earlier")

    def handle(self, *args, expect: str = "", **options):
        expect = expect.strip().lower()
        entries = AuditEvent.objects.order_by("id").values(*FIELDS).iterator(chunk_size=2000)
        count, first, last, seen = 0, None, None, not expect
        for entry, problem in chain_walk(entries, purge_anchor()):
            if problem:
                raise CommandError(broken_message(entry, problem))
            count, last = count + 1, entry
            first = first or entry["id"]
            seen = seen or entry["row_hash"] == expect
        if not seen:
            raise CommandError(
                _(
                    "审计链完整，但其中没有哈希 %(hash)s："
                    "这一条之后的记录被整体改写过，或哈希记错了。"
                )
                % {"hash": expect}
            )
        if last is None:
            self.stdout.write(_("审计记录为空，无可核验。"))
            return
        self.stdout.write(
            _("审计链完整：共 %(count)s 条记录（第 %(first)s 至 %(last)s 条），末条哈希 %(head)s。")
            % {"count": count, "first": first, "last": last["id"], "head": last["row_hash"]}
        )
        self.stdout.write(_("请把末条哈希记入运维记录；下次核验时用 --expect 确认它仍在链中。"))
