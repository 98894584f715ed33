from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.maps.reading import MAX_FILE_BYTES
from indicators.models import Level

LEVEL_CHOICES = [
    (Level.TOWN, _("乡镇边界")),
    (Level.COUNTY, _("县级边界")),
    (Level.PREFECTURE, _("市级边界")),
]


class BoundaryFileForm(forms.Form):
    file = forms.FileField(
        label=_("边界文件"), help_text=_("GeoJSON（.geojson/.json），或 Shapefile 打包的 .zip")
    )
    level = forms.ChoiceField(label=_("级别"), choices=LEVEL_CHOICES)
    valid_from = forms.IntegerField(label=_("起始年份"), min_value=1949, max_value=2100)
    valid_to = forms.IntegerField(
        label=_("截止年份"),
        min_value=1949,
        max_value=2100,
        required=False,
        help_text=_("留空表示沿用至今；乡镇合并后，旧边界填合并前一年"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("文件不能超过 20 MB。"))
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("截止年份不能早于起始年份。"))
        return data
