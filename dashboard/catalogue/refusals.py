"""The editing service's refusals, put on the form field they belong to."""

from django import forms

# The service names model fields; a few of them are a form field of another name.
FORM_FIELD = {
    "section_id": "section",
    "scope_id": "scope",
    "indicator_id": "indicator",
    "other_id": "other",
    "min": "min_value",
    "max": "max_value",
    "from_year": "from_year",
}


def show_refusal(form: forms.Form, refusal) -> None:
    """The refusal's Chinese message on its field, or at the top of the form.

    The form keeps what the user typed: it is rendered again bound to the same data.
    """
    field = FORM_FIELD.get(refusal.field or "", refusal.field)
    if field not in form.fields or form.fields[field].disabled:
        field = None
    form.add_error(field, refusal.message)
