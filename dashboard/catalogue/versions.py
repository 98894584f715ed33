"""The catalogue's versions: who changed what, when and why; any two compared."""

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.catalogue import editing, reads
from indicators.catalogue.fields import label
from indicators.models import CatalogueVersion

from ..errors import found_or_404
from .forms import CompareForm
from .rights import catalogue_editor

PAGE_SIZE = 50


ACTIONS = {
    "added": gettext_lazy("新增"),
    "removed": gettext_lazy("删除"),
    "changed": gettext_lazy("修改"),
    "template_rewritten": gettext_lazy("随之改写"),  # indicators/catalogue/follow.py
}
KINDS = {
    "section": gettext_lazy("部分"),
    "indicator": gettext_lazy("指标"),
    "rule": gettext_lazy("规则"),
    "report_template": gettext_lazy("报告模板"),
}


def change_lines(version: CatalogueVersion) -> list[str]:
    """The version's changes, a line each: 修改指标 原煤产量（raw_coal_output）：单位、合理上限."""
    lines = []
    for change in version.changes or []:
        if not isinstance(change, dict):
            lines.append(str(change))
            continue
        kind = change.get("kind", "")
        if change.get("action") == "converted":
            lines.append(_conversion_line(change))
            continue
        line = _("%(action)s%(kind)s %(name)s（%(code)s）") % {
            "action": ACTIONS.get(change.get("action"), change.get("action", "")),
            "kind": KINDS.get(kind, kind),
            "name": change.get("name", ""),
            "code": change.get("code", ""),
        }
        names = [_field_label(kind, item) for item in change.get("fields") or []]
        if names and change.get("action") == "changed":
            line += _("：") + _("、").join(names)
        lines.append(line)
    return lines


def _conversion_line(change: dict) -> str:
    """单位换算 高标准农田建设（farmland_built）：亩 → 万亩，× 0.0001，2 个数字."""
    line = _("单位换算 %(name)s（%(code)s）：") % {
        "name": change.get("name", ""),
        "code": change.get("code", ""),
    }
    if change.get("unit_from") and change.get("unit_to"):
        line += f"{change['unit_from']} → {change['unit_to']}，"
    return line + _("× %(factor)s，%(n)s 个数字") % {
        "factor": change.get("factor", ""),
        "n": change.get("figures", 0),
    }


def _field_label(kind: str, item: dict) -> str:
    """The field's name in the page's language (the stored label is Chinese)."""
    try:
        return str(label(kind, item["field"]))
    except (KeyError, LookupError, FieldDoesNotExist):
        return str(item.get("label") or item.get("field", ""))


@catalogue_editor
def version_list(request):
    versions = reads.versions_newest_first()
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(version, change_lines(version)) for version in page]
    latest = reads.latest_version_numbers(2)
    initial = {"new": latest[0], "old": latest[-1]} if latest else {}
    form = CompareForm(versions=versions, initial=initial)
    context = {"page": page, "rows": rows, "form": form}
    return render(request, "catalogue/versions.html", context)


@catalogue_editor
def version_detail(request, number: int):
    version = found_or_404(reads.version_numbered(number, user=True))
    previous = reads.version_before(version)
    diff = editing.versions_diff(previous, version) if previous else None
    context = {
        "version": version,
        "previous": previous,
        "next": reads.version_after(version),
        "lines": change_lines(version),
        "diff": diff,
    }
    return render(request, "catalogue/version.html", context)


@catalogue_editor
def version_toml(request, number: int):
    """The whole catalogue as it was after this version, in the file's format."""
    version = found_or_404(reads.version_numbered(number))
    return toml_response(version.snapshot, f"catalogue-v{version.pk}.toml")


def toml_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@catalogue_editor
def version_compare(request):
    form = CompareForm(request.GET or None, versions=reads.versions_newest_first())
    diff = old = new = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            old, new = form.cleaned_data["old"], form.cleaned_data["new"]
            diff = editing.versions_diff(old, new)
        else:
            status = 400
    context = {"form": form, "diff": diff, "old": old, "new": new}
    return render(request, "catalogue/compare.html", context, status=status)
