"""The template editor's pages: the parts of a region's report, the editor of one part
with its picker and preview, the comparison of two versions, and restoring one."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from indicators.accounts.reads import users_by_id
from indicators.models import Region
from indicators.reports import build_report
from indicators.reports.editing import (
    EditError,
    may_edit_template,
    template_diff,
    template_restore,
    template_save,
    template_source,
    template_sources,
)
from indicators.reports.html import page_parts
from indicators.reports.loader import COUNTY, FILE, OWN, default_texts, kind_of
from indicators.reports.reads import (
    county_has_own,
    county_version,
    own_version,
    versions_with_savers,
)
from indicators.reports.syntax import TemplateError

from ..filters import BadFilter, dashboard_page
from ..report.views import report_region
from .forms import RestoreForm, TemplateForm, asked_year
from .picker import picker_groups

LINE = re.compile(r"第 (\d+) 行")


def _region(request, code: str) -> Region:
    region = report_region(code)
    if not may_edit_template(request.user, region):
        raise PermissionDenied
    return region


def _source(region: Region, name: str):
    try:
        return template_source(region, name)
    except EditError as problem:
        raise BadFilter(str(problem), 404) from problem


def origin_label(origin: str, region: Region) -> str:
    if origin == OWN:
        return _("本%(level)s的模板") % {"level": region.get_level_display()}
    if origin == COUNTY:
        return _("沿用县的模板")
    return _("默认模板")


def part_title(name: str) -> str:
    kind, code = kind_of(name)
    return {"preamble": _("开头"), "closing": _("结尾")}.get(kind, code)


@require_http_methods(["GET"])
@login_required
@dashboard_page
def template_list(request, code: str):
    region = _region(request, code)
    sources = template_sources(region)
    year = asked_year(request.GET.get("year"))
    # The parts' headings, as this region's report prints them.
    try:
        report = build_report(request.user, region, year)
    except TemplateError:  # a saved part the catalogue no longer fits: fixed in its editor
        headings = []
    else:
        headings = [part.numbered_heading or report.title for part in report.parts]
    savers = {s.version.user_id for s in sources if s.version is not None and s.version.user_id}
    users = users_by_id(savers)
    rows = [
        {
            "source": source,
            "heading": heading,
            "origin": origin_label(source.origin, region),
            "who": shown_user(source.version, users) if source.version is not None else "",
        }
        for source, heading in zip(sources, headings or [""] * len(sources), strict=False)
    ]
    context = {"region": region, "rows": rows, "year": year}
    return render(request, "report_templates/list.html", context)


def error_view(message: str, text: str) -> dict:
    """A template error with the line it names, as the editor shows it."""
    match = LINE.search(message)
    number = int(match.group(1)) if match else None
    lines = text.splitlines()
    line = lines[number - 1] if number and number <= len(lines) else ""
    return {"message": message, "line_number": number, "line": line}


def preview_context(request, region: Region, name: str, text: str, year: int) -> dict:
    """The part as the report would print it with ``text``, or the error in ``text``."""
    try:
        report = build_report(request.user, region, year, drafts={name: text})
    except (TemplateError, EditError) as problem:
        return {"preview_error": error_view(str(problem), text), "preview_year": year}
    _kind, code = kind_of(name)
    parts = [item for item in page_parts(report, None, editor=True) if item["part"].code == code]
    return {"preview_report": report, "preview_parts": parts, "preview_year": year}


def _versions(region: Region, name: str, current) -> list[dict]:
    return [
        {"version": version, "current": current is not None and version.pk == current.pk}
        for version in versions_with_savers(region, name)
    ]


def shown_user(version, users: dict | None = None) -> str:
    """Who saved a version, as other history pages name people: their display name.
    ``users``: the savers read beforehand, by id (else the version's own ``user``)."""
    user = users.get(version.user_id) if users is not None else version.user
    return (user.first_name or user.username) if user else (version.username or "—")


@require_http_methods(["GET", "POST"])
@login_required
@dashboard_page
def template_edit(request, code: str, name: str):
    region = _region(request, code)
    source = _source(region, name)
    year = asked_year(request.GET.get("year"))
    initial = {"text": source.text, "year": year}
    form = TemplateForm(request.POST or None, initial=initial)
    status, error = 200, None
    text = source.text
    if request.method == "POST":
        if not form.is_valid():
            status = 400
            text = request.POST.get("text", source.text)
        else:
            text, year = form.cleaned_data["text"], form.cleaned_data["year"]
            if request.POST.get("action") == "save":
                try:
                    template_save(request.user, region, name, text, form.cleaned_data["reason"])
                except (TemplateError, EditError) as problem:
                    status, error = 400, error_view(str(problem), text)
                else:
                    messages.success(request, _("已保存。报告从现在起按新的模板印出。"))
                    edit = reverse("report_templates:edit", args=[region.code, name])
                    return redirect(f"{edit}?year={year}")
    own = source.version if source.origin == OWN else None
    context = {
        "region": region,
        "name": name,
        "title": part_title(name),
        "source": source,
        "origin": origin_label(source.origin, region),
        "form": form,
        "error": error,
        "groups": picker_groups(region, name, year),
        "versions": _versions(region, name, own),
        "has_county": county_has_own(region, name),
        **preview_context(request, region, name, text, year),
    }
    return render(request, "report_templates/edit.html", context, status=status)


@require_POST
@login_required
@dashboard_page
def template_preview(request, code: str, name: str):
    """The part printed with the posted text, nothing saved: the editor's live preview."""
    region = _region(request, code)
    _source(region, name)
    form = TemplateForm(request.POST)
    if not form.is_valid():
        problem = "；".join(str(error) for errors in form.errors.values() for error in errors)
        context = {"preview_error": {"message": problem}}
        return render(request, "report_templates/_preview.html", context, status=400)
    context = preview_context(
        request, region, name, form.cleaned_data["text"], form.cleaned_data["year"]
    )
    status = 400 if "preview_error" in context else 200
    return render(request, "report_templates/_preview.html", context, status=status)


def _compare_choices(region: Region, name: str) -> list[tuple[str, str]]:
    """What may be compared: the region's versions, its county's latest, the file."""
    choices = [
        (
            str(version.pk),
            _("第 %(id)s 版 · %(when)s · %(who)s")
            % {
                "id": version.pk,
                "when": localtime(version.created_at).strftime("%Y-%m-%d %H:%M"),
                "who": shown_user(version),
            },
        )
        for version in versions_with_savers(region, name)
    ]
    if county_has_own(region, name):
        choices.append((COUNTY, _("县的模板（当前）")))
    choices.append((FILE, _("默认模板")))
    return choices


def _compare_text(region: Region, name: str, key: str) -> str | None:
    if key == FILE:
        return default_texts(region.level).get(name)
    if key == COUNTY:
        version = county_version(region, name)
        return version.text if version else None
    if key.isdigit():
        version = own_version(region, name, key)
        return version.text if version else None
    return None


@require_http_methods(["GET"])
@login_required
@dashboard_page
def template_compare(request, code: str, name: str):
    region = _region(request, code)
    _source(region, name)
    choices = _compare_choices(region, name)
    keys = [key for key, _label in choices]
    new = request.GET.get("new") or keys[0]
    old = request.GET.get("old") or (keys[1] if len(keys) > 1 else keys[0])
    texts = {key: _compare_text(region, name, key) for key in (old, new)}
    if any(text is None for text in texts.values()):
        raise BadFilter(_("没有这个版本。"), 404)
    labels = dict(choices)
    context = {
        "region": region,
        "name": name,
        "title": part_title(name),
        "choices": choices,
        "old": old,
        "new": new,
        "old_label": labels.get(old, old),
        "new_label": labels.get(new, new),
        "rows": template_diff(texts[old], texts[new]),
    }
    return render(request, "report_templates/compare.html", context)


@require_POST
@login_required
@dashboard_page
def template_restore_view(request, code: str, name: str, version: int):
    region = _region(request, code)
    old = own_version(region, name, version)
    if old is None:
        raise BadFilter(_("没有这个版本。"), 404)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写恢复原因。"))
    else:
        try:
            template_restore(request.user, old, form.cleaned_data["reason"])
        except (TemplateError, EditError) as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("已恢复第 %(id)s 版，另存为最新版本。") % {"id": old.pk})
    return redirect("report_templates:edit", code=region.code, name=name)
