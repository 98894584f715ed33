"""Page-number pagination with a total count; up to 1,000 items a page."""

from django.core.paginator import InvalidPage, Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 1000


class ApiPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        """A page size out of 1..1000 is a 400, not silently clamped: scripts should know."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": [_("应为 1～%(max)s 的整数。") % {"max": self.max_page_size}]}
            )
        return size

    def paginate_queryset(
        self, queryset, request, view=None, count: int | None = None, first: list | None = None
    ):
        """As DRF's, but reuses a count the view already has (cached under the data
        stamps) and, for page 1, the rows it already read (``first``)."""
        self.request = request
        paginator = Paginator(queryset, self.get_page_size(request))
        if count is not None:
            paginator.count = count
        number = request.query_params.get(self.page_query_param) or 1
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(_("没有第 %(page)s 页。") % {"page": number}) from None
        if first is not None and self.page.number == 1:
            self.page.object_list = first
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=100)
                parameter["description"] = _("每页条数，1～1000，默认 100。")
        return parameters
