"""How list endpoints answer: JSON pages, CSV and XLSX of the whole result, with ETags.

The viewsets in :mod:`indicators.api.views` mix these in; JSON errors whatever the
format asked for.
"""

from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

from ..audit.events import export_recorded
from . import plain
from .caching import (
    RowCount,
    body_etag,
    list_etag,
    list_stamps,
    mark,
    not_modified,
    visibility_scope,
)
from .csvcopy import copy_csv
from .cursor import PARAM as CURSOR
from .cursor import after, cursor_decode, cursor_encode
from .pagination import ApiPagination
from .params import unknown_params
from .renderers import (
    CSVRenderer,
    csv_blocks,
    csv_stream,
    csv_text,
    xlsx_fits,
)
from .sheets import SheetListMixin, TooManyRows

#: The header that says how many rows a CSV stream holds.
ROW_COUNT = "X-Row-Count"


def page_response(count: int, following, preceding, listing: plain.Listing, rows) -> HttpResponse:
    """The documented page, ``{"count", "next", "previous", "results"}``, as orjson writes it."""
    body = {
        "count": count,
        "next": following,
        "previous": preceding,
        "results": listing.json_rows(rows),
    }
    return HttpResponse(plain.json_bytes(body), content_type="application/json")


class ApiViewMixin:
    renderer_classes = [JSONRenderer, CSVRenderer]
    csv_name = "export"
    #: Query parameters of the view's own, beside the filters, pages and format.
    params: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown_params(request, self.known_params())

    def known_params(self) -> set[str]:
        names = {api_settings.URL_FORMAT_OVERRIDE, *self.params}
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            names.update(filterset.base_filters)
        if self.paginator is not None:
            names.update({self.paginator.page_query_param, self.paginator.page_size_query_param})
        return names

    def handle_exception(self, exc):
        # Errors are JSON even when CSV was asked for, or when negotiation itself failed.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def csv_header(self) -> list[str]:
        return list(self.get_serializer_class()().fields)

    def csv_rows(self, queryset):
        serializer = self.get_serializer_class()
        for item in queryset.iterator(chunk_size=2000):
            yield list(serializer(item).data.values())

    def csv_response(self, queryset):
        return csv_stream(self.csv_header(), self.csv_rows(queryset), self.csv_name)

    def wants_csv(self) -> bool:
        return self.request.accepted_renderer.format == "csv"

    def wants_xlsx(self) -> bool:
        return self.request.accepted_renderer.format == "xlsx"


class CatalogueViewMixin(ApiViewMixin):
    """Small lists: a JSON body's hash is its ETag; CSV streams without one."""

    def list(self, request, *args, **kwargs):
        if self.wants_csv():
            return self.csv_response(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return body_etag(request, response)


class DataListMixin(SheetListMixin, ApiViewMixin):
    """Lists of figures read as plain rows (:mod:`.plain`), with ETag, Last-Modified
    and the count from the data stamps (:mod:`.caching`): an unchanged answer costs
    one small query, a count is computed once per data version."""

    pagination_class = ApiPagination
    params = (CURSOR,)
    listing: plain.Listing
    stamp_kind: str

    def list(self, request, *args, **kwargs):
        stamps = list_stamps(request, self.stamp_kind)
        scope = visibility_scope(request.user)
        etag = list_etag(request, self.stamp_kind, stamps, scope)
        queryset = self.filter_queryset(self.get_queryset())
        key = self.cursor_key()
        count = RowCount(self.stamp_kind, request, stamps, scope, queryset.order_by().count)
        if self.wants_xlsx() and not xlsx_fits(count()):
            # Decided from the count, before a single row is written.
            raise TooManyRows(count())
        unchanged = not_modified(request, etag, stamps.changed_at)
        if unchanged is not None:
            return unchanged
        if self.wants_xlsx() or self.wants_csv():  # a file of figures: audited
            fmt = request.accepted_renderer.format
            export_recorded(request, what=self.csv_name, fmt=fmt, rows=count())
        if self.wants_xlsx():
            response = self.xlsx_response(queryset, count())
        elif self.wants_csv():
            response = self.data_csv_response(queryset, count())
        elif key is not None:
            response = self.cursor_page(queryset, key, count)
        else:
            response = self.number_page(queryset, count)
        return mark(response, etag, stamps.changed_at)

    def number_page(self, queryset, count: RowCount) -> HttpResponse:
        rows = queryset.values_list(*self.listing.columns)
        number = self.paginator.get_page_number(self.request)
        first = None
        if number == 1 and count.known() is None:
            # A first page shorter than a page is the whole answer: no COUNT needed.
            size = self.paginator.get_page_size(self.request)
            first = list(rows[:size])
            if len(first) < size:
                return page_response(count.learn(len(first)), None, None, self.listing, first)
        page = self.paginator.paginate_queryset(
            rows, self.request, self, count=count(), first=first
        )
        return page_response(
            self.paginator.page.paginator.count,
            self.paginator.get_next_link(),
            self.paginator.get_previous_link(),
            self.listing,
            page,
        )

    def cursor_key(self) -> tuple | None:
        """The key after which a cursor page starts: () for the first; None: numbered pages."""
        params = self.request.query_params
        if CURSOR not in params:
            return None
        if self.paginator.page_query_param in params:
            raise ValidationError({CURSOR: [_("cursor 与 page 不能同时使用。")]})
        token = params[CURSOR]
        return cursor_decode(token) if token else ()

    def cursor_page(self, queryset, key: tuple, count: RowCount) -> HttpResponse:
        """Rows after the key, by an index range: the last page costs what the first does."""
        size = self.paginator.get_page_size(self.request)
        if key:
            queryset = queryset.filter(after(self.listing.key_fields, key))
        rows = list(queryset.values_list(*self.listing.columns)[: size + 1])
        following = None
        if len(rows) > size:
            rows = rows[:size]
            token = cursor_encode(self.listing.key(rows[-1]))
            following = replace_query_param(self.request.build_absolute_uri(), CURSOR, token)
        elif not key and count.known() is None:
            count.learn(len(rows))  # the first page holds everything
        return page_response(count(), following, None, self.listing, rows)

    def data_csv_response(self, queryset, count: int) -> StreamingHttpResponse:
        """The whole result as CSV: COPY on PostgreSQL, plain rows elsewhere.

        ``X-Row-Count`` says how many rows the stream holds: a caller that counts
        fewer (or a body not ending in CRLF) got a stream cut short.
        """
        header = list(self.listing.fields)
        if connection.vendor == "postgresql":
            cells = {f"cell{n}": cell for n, cell in enumerate(self.listing.copy_cells())}
            first = csv_text(header, []).encode("utf-8")
            blocks = copy_csv(queryset.annotate(**cells), list(cells), first)
            response = csv_blocks(blocks, self.csv_name)
        else:
            rows = queryset.values_list(*self.listing.columns).iterator(chunk_size=2000)
            response = csv_stream(header, self.listing.csv_rows(rows), self.csv_name)
        response[ROW_COUNT] = str(count)
        return response
