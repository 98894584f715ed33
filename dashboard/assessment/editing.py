"""The scheme's form editor page (the county official's): parts, items, methods, grades.

GET shows the latest version in forms; POST "add part"/"add item" gives one more row
and saves nothing; POST save checks the whole scheme as the TOML path does and saves
a new version with its reason, or shows every problem at its field (status 400).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from indicators.assessment import access
from indicators.assessment.inputs import catalogue_indicators, indicators_in_use
from indicators.assessment.reads import latest_scheme
from indicators.assessment.services import scheme_check, scheme_save
from indicators.assessment.spec import SchemeInvalid
from indicators.assessment.tomlio import scheme_dump

from .editor import editor_for, editor_posted, editor_scheme
from .views import county_or_404, forbidden


def indicator_choices(county, year: int) -> list[tuple]:
    """The indicators an item may point at, grouped by the report's sections."""
    groups: dict[str, list] = {}
    for indicator in indicators_in_use(county, year):
        label = f"{indicator.name}（{indicator.unit}）" if indicator.unit else indicator.name
        groups.setdefault(indicator.section.short_name, []).append((indicator.code, label))
    return list(groups.items())


def _stale(latest, county, year: int) -> list[str]:
    """What is wrong with the saved version today (an indicator retired since, say)."""
    if latest is None:
        return []
    try:
        scheme_check(source=latest.source, year=year, county=county)
    except SchemeInvalid as invalid:
        return invalid.messages
    return []


@login_required
def scheme_editor(request, county: str, year: int):
    county = county_or_404(county)
    if not access.may_manage(request.user, county):
        return forbidden(request, _("只有县级审核人员可以编辑考核方案。"))
    if request.GET.get("format") == "toml":
        return redirect(
            reverse("assessment:scheme_toml", args=[county.code, year]) + "?format=toml"
        )
    latest = latest_scheme(county, year)
    choices = indicator_choices(county, year)
    status, stale = 200, []
    if request.method == "POST":
        editor = editor_posted(request.POST, choices=choices)
        if editor.action == "save":
            scheme = editor_scheme(editor, year=year, indicators=catalogue_indicators(county))
            if scheme is not None:
                try:
                    saved = scheme_save(
                        county=county,
                        year=year,
                        source=scheme_dump(scheme),
                        user=request.user,
                        reason=editor.scheme.cleaned_data["reason"],
                    )
                except SchemeInvalid as invalid:
                    editor.errors += invalid.messages
                else:
                    messages.success(request, _("已保存为第 %(v)s 版。") % {"v": saved.version})
                    return redirect("assessment:scheme", county.code, year)
            status = 400
    else:
        title = _("%(county)s%(year)s年度镇综合考核方案") % {"county": county.name, "year": year}
        editor = editor_for(latest.source if latest else None, title=title, choices=choices)
        stale = _stale(latest, county, year)
    context = {
        "county": county,
        "year": year,
        "version": latest,
        "editor": editor,
        "stale": stale,
    }
    return render(request, "assessment/editor.html", context, status=status)
