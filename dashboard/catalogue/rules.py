"""Cross-indicator rules declared as data (CatalogueRule): the list, the form, deleting."""

from django.shortcuts import redirect, render

from indicators.catalogue import editing, reads
from indicators.catalogue.editing import CatalogueRefused
from indicators.models import CatalogueRule

from ..errors import found_or_404
from .forms import ReasonForm, RuleForm
from .refusals import show_refusal
from .rights import catalogue_editor
from .views import refused_status, saved


@catalogue_editor
def rule_list(request):
    rules = reads.rules_in_order()
    return render(request, "catalogue/rules.html", {"rules": rules})


def _page(request, form, rule=None, status=200):
    return render(request, "catalogue/rule_form.html", {"form": form, "rule": rule}, status=status)


@catalogue_editor
def rule_add(request):
    return _save(request, None)


@catalogue_editor
def rule_edit(request, code: str):
    return _save(request, found_or_404(reads.rule_named(code)))


def _save(request, rule: CatalogueRule | None):
    form = RuleForm(request.POST if request.method == "POST" else None, rule=rule)
    if request.method != "POST":
        return _page(request, form, rule)
    if not form.is_valid():
        return _page(request, form, rule, status=400)
    try:
        version = editing.rule_save(
            user=request.user,
            code=rule.code if rule else form.cleaned_data["code"],
            fields=form.service_fields(),
            reason=form.cleaned_data["reason"],
        )
    except CatalogueRefused as refusal:
        show_refusal(form, refusal)
        return _page(request, form, rule, status=refused_status(refusal))
    saved(request, version)
    return redirect("catalogue:rules")


@catalogue_editor
def rule_delete(request, code: str):
    rule = found_or_404(reads.rule_named(code, indicators=True))
    form = ReasonForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = editing.rule_delete(
                    user=request.user, code=code, reason=form.cleaned_data["reason"]
                )
            except CatalogueRefused as refusal:
                show_refusal(form, refusal)
                status = refused_status(refusal)
            else:
                saved(request, version)
                return redirect("catalogue:rules")
        else:
            status = 400
    context = {"rule": rule, "form": form}
    return render(request, "catalogue/rule_delete.html", context, status=status)
