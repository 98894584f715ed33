"""A section of the report: add one, or change its names and whether it is public."""

from django.shortcuts import redirect, render
from django.urls import reverse

from indicators.catalogue import editing, reads
from indicators.catalogue.editing import CatalogueRefused
from indicators.models import Section

from ..errors import found_or_404
from .forms import SectionForm
from .refusals import show_refusal
from .rights import catalogue_editor
from .views import refused_status, saved


def _page(request, form, section=None, status=200):
    context = {"form": form, "section": section}
    return render(request, "catalogue/section_form.html", context, status=status)


@catalogue_editor
def section_add(request):
    return _save(request, None)


@catalogue_editor
def section_edit(request, code: str):
    return _save(request, found_or_404(reads.section_named(code)))


def _save(request, section: Section | None):
    form = SectionForm(request.POST if request.method == "POST" else None, section=section)
    if request.method != "POST":
        return _page(request, form, section)
    if not form.is_valid():
        return _page(request, form, section, status=400)
    reason = form.cleaned_data["reason"]
    try:
        if section is None:
            version = editing.section_add(
                user=request.user, fields=form.service_fields(), reason=reason
            )
        else:
            version = editing.section_change(
                user=request.user, code=section.code, fields=form.service_fields(), reason=reason
            )
    except CatalogueRefused as refusal:
        show_refusal(form, refusal)
        return _page(request, form, section, status=refused_status(refusal))
    saved(request, version)
    code = section.code if section else form.cleaned_data["code"]
    return redirect(reverse("catalogue:overview") + f"#section-{code}")
