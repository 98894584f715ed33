"""``?format=`` names one of the endpoint's formats, or the request is a 400.

DRF answers an unknown format with a 404 and reads a blank one as absent; a script
that asked for ``format=cvs`` should learn that it misspelt it.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class StrictContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        name = self.settings.URL_FORMAT_OVERRIDE
        wanted = request.query_params.get(name) if name else None
        formats = [renderer.format for renderer in renderers]
        if wanted is not None and wanted not in formats:
            raise ValidationError(
                {name: [_("应为 %(formats)s 之一。") % {"formats": ", ".join(formats)}]}
            )
        return super().select_renderer(request, renderers, format_suffix)
