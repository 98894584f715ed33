"""ADX (IHE QRPH Aggregate Data Exchange) out and in; see docs/exchange.md."""

from .exports import adx_figures
from .imports import adx_import
from .mapping import DEFAULT_DATASET, Mapping, MappingRefused, mapping_delete, mapping_save
from .message import CONTENT_TYPE, AdxInvalid, message_write

__all__ = [
    "CONTENT_TYPE",
    "DEFAULT_DATASET",
    "AdxInvalid",
    "Mapping",
    "MappingRefused",
    "adx_figures",
    "adx_import",
    "mapping_delete",
    "mapping_save",
    "message_write",
]
