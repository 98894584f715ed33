"""The page where a town (or county) records its own names for its report."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from indicators.catalogue.years import current_year
from indicators.models import FactKind, Region
from indicators.models.facts import MAX_NAMES
from indicators.reports.facts import FactError, facts_save, may_edit_facts, parse_names
from indicators.reports.reads import fact_names

from ..filters import dashboard_page
from .views import report_region

# What each kind is for, as the templates use it.
HINTS = {
    FactKind.SLOGAN: gettext_lazy("如“生态青山、活力青山”，前言中写作“紧紧围绕……的目标”。"),
    FactKind.CLOSED_MINE: gettext_lazy("已关停、正在转型的煤矿。"),
    FactKind.ENTERPRISE: gettext_lazy("本地重点企业。"),
    FactKind.INDUSTRY: gettext_lazy("落地见效的产业项目，如“青山村茶叶种植”。"),
    FactKind.VILLAGE: gettext_lazy("区划数据中没有村时使用，按顺序填写。"),
    FactKind.RIVER: gettext_lazy("综合治理的河流。"),
    FactKind.RESERVOIR: gettext_lazy("饮用水源点所在的水库。"),
    FactKind.PARTY_BRAND: gettext_lazy("党建品牌名称，如“青山先锋”（不带引号）。"),
}


class FactsForm(forms.Form):
    """One box per kind, one name a line; cleaned into lists of names."""

    def __init__(self, *args, initial_names: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in FactKind.choices:
            self.fields[kind] = forms.CharField(
                label=label,
                required=False,
                max_length=2000,
                help_text=HINTS.get(kind, ""),
                initial="\n".join(initial_names.get(kind, [])),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
            )

    def clean(self):
        cleaned = super().clean()
        for kind in FactKind.values:
            if kind in cleaned:
                try:
                    cleaned[kind] = parse_names(kind, cleaned[kind])
                except FactError as problem:
                    self.add_error(kind, str(problem))
        return cleaned


@require_http_methods(["GET", "POST"])
@login_required
@dashboard_page
def facts_page(request, code: str):
    region: Region = report_region(code)
    if not may_edit_facts(request.user, region):
        raise PermissionDenied
    current = fact_names(region)
    form = FactsForm(request.POST or None, initial_names=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            names = {kind: form.cleaned_data[kind] for kind in FactKind.values}
            changed = facts_save(region=region, names=names, user=request.user)
            messages.success(request, _("已保存 %(count)s 类名称。") % {"count": changed})
            return redirect("report:facts", code=region.code)
        status = 400
    context = {
        "region": region,
        "form": form,
        "year": current_year() - 1,
        "max_names": MAX_NAMES,
    }
    return render(request, "report/facts.html", context, status=status)
