import csv
import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.audit.events import export_recorded
from indicators.audit.models import AuditEvent
from indicators.audit.reads import events_in_chunks, events_matching
from indicators.reads.exports import safe_cell

from .forms import AuditFilterForm

PAGE_SIZE = 50


@login_required
def events(request):
    """The audit trail for the audit administrator, nobody else (a superuser neither)."""
    if not access.may_read_audit(request.user):
        message = _("只有审计管理员可以查看审计记录。")
        return render(request, "audit/forbidden.html", {"message": message}, status=403)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/events.html", {"form": form}, status=400)
    events = events_matching(**form.cleaned_data)
    if request.GET.get("export") == "csv":
        export_recorded(request, what="audit", fmt="csv")
        return _csv(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/events.html", context)


def _header() -> list[str]:
    return [
        _("时间"),
        _("用户名"),
        _("来源地址"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("详情"),
    ]


def _row(event: AuditEvent) -> list:
    return [
        timezone.localtime(event.created_at).isoformat(),
        event.username,
        event.address or "",
        event.get_action_display(),
        event.object_type,
        event.object_id,
        event.object_repr,
        json.dumps(event.details, ensure_ascii=False, sort_keys=True),
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(events) -> StreamingHttpResponse:
    """UTF-8 with a BOM, so that Excel reads the Chinese; every cell through safe_cell,
    since user names and object names are typed by people (CSV injection)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def lines():
        yield "\ufeff" + writer.writerow(_header())
        for event in events_in_chunks(events):
            yield writer.writerow([safe_cell(cell) for cell in _row(event)])

    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
