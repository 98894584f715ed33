"""An SDMX data message into the one write path, recorded as source SDMX."""

from django.utils.translation import gettext as _

from indicators.accounts import access

from ...figures import ImportSummary, figures_import
from ...models import Source
from .errors import SdmxError
from .query import unit_of
from .readers import csv_observations, figure_rows, xml_observations

READERS = {"sdmx-csv": csv_observations, "sdmx-ml": xml_observations}


def sdmx_import(*, data: bytes, fmt: str, user, dry_run: bool) -> ImportSummary:
    """Read an SDMX-CSV or SDMX-ML data message and hand its observations to
    :func:`indicators.figures.figures_import`: the same checks, refusal codes and
    all-or-nothing write as every other channel. A message that cannot be read is an
    :class:`SdmxError` and nothing is written."""
    if fmt not in READERS:
        raise SdmxError("unsupported_format", _("写入只接受 SDMX-CSV 或 SDMX-ML。"), 415)
    observations = READERS[fmt](data)
    if not observations:
        raise SdmxError("malformed", _("消息中没有观测值。"))
    units = {indicator.code: unit_of(indicator) for indicator in access.visible_indicators(user)}
    rows = figure_rows(observations, units)
    return figures_import(rows=rows, user=user, source=Source.SDMX, dry_run=dry_run)
