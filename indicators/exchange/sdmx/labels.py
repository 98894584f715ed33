"""The names of the codes a data message uses, for SDMX-JSON's structure part."""

from ...models import Indicator, Region
from . import model
from .query import unit_of


def code_names(indicators: list[Indicator]):
    """``labels(used)`` for :func:`.writers.sdmx_json`: Chinese names of the codes used."""
    by_code = {indicator.code: indicator for indicator in indicators}

    def labels(used: dict) -> dict[str, dict[str, str]]:
        regions = dict(
            Region.objects.filter(code__in=list(used["REGION"])).values_list("code", "name")
        )
        units = {unit_of(i): i.unit for i in indicators}
        return {
            "REGION": regions,
            "INDICATOR": {code: by_code[code].name for code in used["INDICATOR"]},
            "UNIT_MEASURE": units,
            "OBS_STATUS": {code: chinese for code, chinese, _english in model.OBS_STATUSES},
        }

    return labels
