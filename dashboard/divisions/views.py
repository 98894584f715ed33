"""The division pages of the 管理员: the region tree with each region's years and past
names, the forms of each change, the history of changes, and a new edition of the
division code list uploaded, previewed and confirmed. Short views; the domain
(:mod:`indicators.divisions`) checks and writes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indicators.accounts import access
from indicators.catalogue.years import current_year
from indicators.divisions import (
    RegionChangeRefused,
    codes_apply,
    codes_diff,
    region_create,
    region_move,
    region_rename,
    region_retire,
    region_split,
    regions_merge,
    stranded_accounts,
    succession_preview,
)
from indicators.divisions.reads import (
    area_regions,
    area_regions_in,
    area_tree,
    names_of_codes,
    recent_changes,
)
from indicators.models import Level, RegionChange

from ..roles import role_required
from . import forms

admin_only = role_required(access.may_change_regions, gettext_lazy("只有管理员可以调整行政区划。"))

# The tree shows levels down to the towns: villages are many and rarely change here.
TREE_LEVELS = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY, Level.TOWN)


def _tree(user) -> list[dict]:
    regions = area_tree(user, TREE_LEVELS)
    codes = {region.code for region in regions}
    depth: dict[str, int] = {}
    rows = []
    for region in regions:  # code order: a parent's code sorts before its children's
        parent = region.parent_id if region.parent_id in codes else None
        depth[region.code] = depth[parent] + 1 if parent else 0
        rows.append({"region": region, "depth": min(depth[region.code], 4)})
    return rows


@admin_only
def index(request):
    context = {
        "rows": _tree(request.user),
        "stranded": stranded_accounts(),
        "kinds": KINDS,
    }
    return render(request, "divisions/index.html", context)


def _named(changes: list[RegionChange]) -> list[dict]:
    """Each change with its regions named as they were: the sources in the year
    before the change (their last), the targets in its year. Two queries."""
    codes = {code for change in changes for code in (*change.sources, *change.targets)}
    years = {year for change in changes for year in (change.year - 1, change.year)}
    names = names_of_codes(codes, years)
    return [
        {
            "change": change,
            "sources": [(code, names.get((code, change.year - 1))) for code in change.sources],
            "targets": [(code, names.get((code, change.year))) for code in change.targets],
        }
        for change in changes
    ]


@admin_only
def history(request):
    context = {"rows": _named(recent_changes(500)), "kinds": KINDS}
    return render(request, "divisions/history.html", context)


def _rename(user, data, form):
    return region_rename(
        user,
        data["region"],
        name=data["name"],
        name_en=data["name_en"],
        year=data["year"],
        reason=data["reason"],
    )


def _merge(user, data, form, **confirm):
    return regions_merge(
        user,
        data["sources"],
        target=form.target(),
        year=data["year"],
        reason=data["reason"],
        **confirm,
    )


def _split(user, data, form, **confirm):
    return region_split(
        user,
        data["region"],
        targets=data["targets"],
        year=data["year"],
        reason=data["reason"],
        **confirm,
    )


def _move(user, data, form, **confirm):
    return region_move(
        user,
        data["region"],
        parent=data["parent"],
        code=data["code"],
        name=data["name"],
        name_en=data["name_en"],
        year=data["year"],
        reason=data["reason"],
        **confirm,
    )


def _create(user, data, form):
    new = forms.NewRegion(data["code"], data["name"], data["name_en"])
    return region_create(
        user, parent=data["parent"], new=new, year=data["year"], reason=data["reason"]
    )


def _retire(user, data, form):
    return region_retire(user, data["region"], year=data["year"], reason=data["reason"])


# kind → (title, form, operation)
KINDS = {
    "rename": (gettext_lazy("更名"), forms.RenameForm, _rename),
    "merge": (gettext_lazy("合并"), forms.MergeForm, _merge),
    "split": (gettext_lazy("拆分"), forms.SplitForm, _split),
    "move": (gettext_lazy("划转"), forms.MoveForm, _move),
    "create": (gettext_lazy("新设"), forms.CreateForm, _create),
    "retire": (gettext_lazy("撤销"), forms.RetireForm, _retire),
}
# Successions carry the open figures and targets: previewed before they are confirmed.
PREVIEWED = {"merge", "split", "move"}


@admin_only
def change(request, kind: str):
    if kind not in KINDS:
        raise Http404
    title, form_class, operation = KINDS[kind]
    area = area_regions_in(request.user, current_year())
    if request.method != "POST":
        initial = {"year": current_year() + 1}
        for name in ("region", "parent", "sources"):
            if request.GET.get(name):
                initial[name] = request.GET[name]
        form = form_class(initial=initial, area=area)
        return _change_page(request, kind, title, form, area)
    form = form_class(request.POST, area=area_regions(request.user))
    if not form.is_valid():
        return _change_page(request, kind, title, form, area, status=400)
    digest = request.POST.get("digest", "")
    if kind in PREVIEWED and not (request.POST.get("confirm") and digest):
        return _previewed(request, kind, title, form, area, operation)
    confirm = {"expected": digest} if kind in PREVIEWED else {}
    try:
        done = operation(request.user, form.cleaned_data, form, **confirm)
    except RegionChangeRefused as refused:
        for error in refused.errors:
            form.add_error(None, error)
        if kind in PREVIEWED:  # the preview as it stands now, if there is one
            return _previewed(request, kind, title, form, area, operation, status=400)
        return _change_page(request, kind, title, form, area, status=400)
    messages.success(
        request,
        _("已%(kind)s，从 %(year)s 年起生效。")
        % {"kind": done.get_kind_display(), "year": done.year},
    )
    return redirect("divisions:history")


def _previewed(request, kind, title, form, area, operation, status=200):
    """The change's page with what it would carry, and the button that confirms it."""
    try:
        carry = succession_preview(operation, request.user, form.cleaned_data, form)
    except RegionChangeRefused as refused:
        shown = form.non_field_errors()
        for error in refused.errors:
            if error not in shown:
                form.add_error(None, error)
        return _change_page(request, kind, title, form, area, status=400)
    return _change_page(request, kind, title, form, area, status=status, carry=carry)


def _change_page(request, kind, title, form, area, status=200, carry=None):
    context = {
        "kind": kind,
        "title": title,
        "form": form,
        "area": area,
        "kinds": KINDS,
        "previewed": kind in PREVIEWED,
        "carry": carry,
    }
    return render(request, "divisions/change.html", context, status=status)


@admin_only
def codes(request):
    if request.method != "POST":
        context = {"form": forms.CodesFileForm(), "kinds": KINDS}
        return render(request, "divisions/codes.html", context)
    form = forms.CodesFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "divisions/codes.html", {"form": form, "kinds": KINDS}, status=400)
    text = form.cleaned_data["file"]
    confirm = forms.CodesConfirmForm(initial={"content": text, "year": current_year() + 1})
    return _preview(request, codes_diff(text), confirm)


def _preview(request, diff, confirm, status=None):
    context = {"diff": diff, "confirm": confirm, "kinds": KINDS}
    status = status or (400 if diff.errors else 200)
    return render(request, "divisions/codes_preview.html", context, status=status)


@require_POST
@admin_only
def codes_confirm(request):
    confirm = forms.CodesConfirmForm(request.POST)
    if "content" not in request.POST:
        messages.error(request, _("预览已失效，请重新上传文件。"))
        return redirect("divisions:codes")
    text = request.POST["content"]
    if not confirm.is_valid():
        return _preview(request, codes_diff(text), confirm, status=400)
    data = confirm.cleaned_data
    try:
        diff = codes_apply(request.user, data["content"], data["year"], data["reason"])
    except RegionChangeRefused as refused:
        diff = codes_diff(text)
        for error in refused.errors:
            confirm.add_error(None, error)
        return _preview(request, diff, confirm, status=400)
    messages.success(
        request,
        _("已按新版区划代码调整：新增 %(new)s 个，更名 %(renamed)s 个，撤销 %(missing)s 个。")
        % {"new": len(diff.new), "renamed": len(diff.renamed), "missing": len(diff.missing)},
    )
    return redirect("divisions:history")
