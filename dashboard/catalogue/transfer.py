"""The whole catalogue as TOML: export it, and import one with a preview first.

Import: upload or paste → the differences (nothing changes yet) → confirm with a
reason. The text travels with the confirmation and the service reads it again, so
what is written is what was previewed, or a refusal if the catalogue moved since.
"""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from indicators.catalogue import editing
from indicators.catalogue.editing import CatalogueRefused

from .forms import ImportConfirmForm, ImportForm
from .refusals import show_refusal
from .rights import catalogue_editor
from .versions import toml_response
from .views import refused_status, saved


@catalogue_editor
def export(request):
    name = f"catalogue-{timezone.localdate():%Y%m%d}.toml"
    return toml_response(editing.catalogue_toml(), name)


@catalogue_editor
def import_start(request):
    """The file or text, then its differences from today's catalogue."""
    if request.method != "POST":
        return render(request, "catalogue/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "catalogue/import.html", {"form": form}, status=400)
    text = form.cleaned_data["text"]
    try:
        diff = editing.import_preview(text, user=request.user)
    except CatalogueRefused as refusal:
        show_refusal(form, refusal)
        return render(request, "catalogue/import.html", {"form": form}, status=400)
    confirm = ImportConfirmForm(initial={"text": text})
    return render(request, "catalogue/import_preview.html", {"diff": diff, "form": confirm})


@require_POST
@catalogue_editor
def import_confirm(request):
    form = ImportConfirmForm(request.POST)
    diff = None
    if form.is_valid():
        try:
            version = editing.catalogue_import(
                user=request.user,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        except CatalogueRefused as refusal:
            show_refusal(form, refusal)
            status = refused_status(refusal)
        else:
            saved(request, version)
            return redirect("catalogue:version", number=version.pk)
    else:
        status = 400
    text = form.data.get("text", "")
    try:
        diff = editing.import_preview(text, user=request.user)
    except CatalogueRefused:
        diff = None
    context = {"diff": diff, "form": form}
    return render(request, "catalogue/import_preview.html", context, status=status)
