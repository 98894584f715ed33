"""The catalogue for the 管理员: sections in order with their indicators, the
indicator form, retiring and restoring, and the order within a section.

Short views: every change goes through the editing service
(indicators.catalogue.editing), which checks it, versions it and audits it; a
refusal comes back as its Chinese message on the form, which keeps what was typed.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from indicators.catalogue import editing, reads
from indicators.catalogue.editing import CatalogueRefused
from indicators.models import CatalogueVersion

from ..errors import found_or_404
from .forms import IndicatorForm, ReasonForm, RetireForm
from .refusals import show_refusal
from .rights import catalogue_editor

OUTSIDE_SHOWN = 200  # the figures outside new bounds listed on the page


def saved(request, version: CatalogueVersion) -> None:
    messages.success(request, _("已保存，目录第 %(number)s 版。") % {"number": version.pk})


def refused_status(refusal: CatalogueRefused) -> int:
    return 403 if refusal.code == "forbidden" else 400


@catalogue_editor
def overview(request):
    """Every section in order, each with its indicators in the report's order."""
    overview = reads.catalogue_overview()
    context = {
        "sections": overview.sections,
        "rule_count": overview.rule_count,
        "latest": overview.latest,
    }
    return render(request, "catalogue/overview.html", context)


def _indicator_page(request, form, *, indicator=None, outside=(), status=200):
    context = {
        "form": form,
        "indicator": indicator,
        "outside": list(outside)[:OUTSIDE_SHOWN],
        "outside_count": len(outside),
        "ask_confirm": bool(outside) or form["confirm_outside"].value() in (True, "on"),
    }
    return render(request, "catalogue/indicator_form.html", context, status=status)


@catalogue_editor
def indicator_add(request):
    initial = {"section": request.GET.get("section", ""), "is_public": True, "min_value": 0}
    form = IndicatorForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method != "POST":
        return _indicator_page(request, form)
    if not form.is_valid():
        return _indicator_page(request, form, status=400)
    try:
        version = editing.indicator_add(
            user=request.user, fields=form.service_fields(), reason=form.cleaned_data["reason"]
        )
    except CatalogueRefused as refusal:
        show_refusal(form, refusal)
        return _indicator_page(request, form, status=refused_status(refusal))
    saved(request, version)
    return redirect(reverse("catalogue:overview") + f"#indicator-{form.cleaned_data['code']}")


@catalogue_editor
def indicator_edit(request, code: str):
    indicator = found_or_404(reads.indicator_named(code, scope=True))
    has_figures = editing.has_figures(code)
    data = request.POST if request.method == "POST" else None
    form = IndicatorForm(data, indicator=indicator, has_figures=has_figures)
    if request.method != "POST":
        return _indicator_page(request, form, indicator=indicator)
    if not form.is_valid():
        return _indicator_page(request, form, indicator=indicator, status=400)
    fields = form.service_fields()
    try:
        version = editing.indicator_change(
            user=request.user,
            code=code,
            fields=fields,
            reason=form.cleaned_data["reason"],
            conversion=form.cleaned_data.get("conversion"),
            confirm_outside=form.cleaned_data["confirm_outside"],
        )
    except CatalogueRefused as refusal:
        show_refusal(form, refusal)
        outside = ()
        if refusal.code == "bounds_exclude_figures":  # all of them: the details stop at 500
            low, high = fields["min_value"], fields["max_value"]
            outside = editing.figures_outside(code, low, high)
        return _indicator_page(
            request, form, indicator=indicator, outside=outside, status=refused_status(refusal)
        )
    saved(request, version)
    return redirect(reverse("catalogue:overview") + f"#indicator-{fields.get('code', code)}")


def _retire_page(request, indicator, *, retire=None, restore=None, status=200):
    context = {
        "indicator": indicator,
        "retire": retire or RetireForm(initial={"from_year": indicator.retired_from}),
        "restore": restore or ReasonForm(prefix="restore"),
    }
    return render(request, "catalogue/retire.html", context, status=status)


@catalogue_editor
def indicator_retire(request, code: str):
    """Retire from a year (hidden from forms and templates from then on), or restore."""
    indicator = found_or_404(reads.indicator_named(code))
    if request.method != "POST":
        return _retire_page(request, indicator)
    restoring = "restore" in request.POST
    form = ReasonForm(request.POST, prefix="restore") if restoring else RetireForm(request.POST)
    page = {"restore" if restoring else "retire": form}
    if not form.is_valid():
        return _retire_page(request, indicator, status=400, **page)
    try:
        version = editing.indicator_retire(
            user=request.user,
            code=code,
            from_year=None if restoring else form.cleaned_data["from_year"],
            reason=form.cleaned_data["reason"],
        )
    except CatalogueRefused as refusal:
        show_refusal(form, refusal)
        return _retire_page(request, indicator, status=refused_status(refusal), **page)
    saved(request, version)
    return redirect(reverse("catalogue:overview") + f"#indicator-{code}")


def _moved(codes: list[str], move: str) -> list[str]:
    """The order after one ↑ or ↓ (``code:up`` or ``code:down``); unchanged at an end."""
    code, _sep, direction = move.partition(":")
    if code not in codes:
        return codes
    at = codes.index(code)
    to = at - 1 if direction == "up" else at + 1
    if not 0 <= to < len(codes):
        return codes
    codes = list(codes)
    codes[at], codes[to] = codes[to], codes[at]
    return codes


def _order_page(request, items: dict, save, *, heading: str, back: str):
    """Items (code → object) in a new order: ↑ and ↓ rearrange the list on the page
    (nothing is saved yet); 保存顺序 calls ``save(codes, reason)`` for one version."""
    current = list(items)
    codes = request.POST.getlist("codes") if request.method == "POST" else current
    if sorted(codes) != sorted(current):
        codes = current  # the page was out of date: start again from the saved order
    if "save" in request.POST:
        form = ReasonForm(request.POST)
    else:  # a reason typed before ↑ or ↓ stays in its box
        form = ReasonForm(initial={"reason": request.POST.get("reason", "")})
    status = 200
    if "move" in request.POST:
        codes = _moved(codes, request.POST["move"])
    elif "save" in request.POST:
        if form.is_valid():
            try:
                version = save(codes, form.cleaned_data["reason"])
            except CatalogueRefused as refusal:
                show_refusal(form, refusal)
                status = refused_status(refusal)
            else:
                saved(request, version)
                return redirect(back)
        else:
            status = 400
    context = {
        "heading": heading,
        "back": back,
        "rows": [items[c] for c in codes],
        "changed": codes != current,
        "form": form,
    }
    return render(request, "catalogue/section_order.html", context, status=status)


@catalogue_editor
def section_order(request, code: str):
    """The indicators of a section in a new order."""
    section = found_or_404(reads.section_named(code))
    indicators = reads.indicators_of_section(section)

    def save(codes, reason):
        return editing.indicators_reorder(
            user=request.user, section=code, codes=codes, reason=reason
        )

    heading = _("调整顺序：%(name)s") % {"name": section.display_name}
    back = reverse("catalogue:overview") + f"#section-{code}"
    return _order_page(request, indicators, save, heading=heading, back=back)


@catalogue_editor
def sections_order(request):
    """The report's sections in a new order: the report, the forms and the pages follow."""
    sections = {section.code: section for section in reads.sections_in_order()}

    def save(codes, reason):
        return editing.sections_reorder(user=request.user, codes=codes, reason=reason)

    back = reverse("catalogue:overview")
    return _order_page(request, sections, save, heading=_("调整报告部分的顺序"), back=back)
