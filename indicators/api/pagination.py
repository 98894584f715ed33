"""Page-number pagination with a total count; up to 1,000 items a page."""

from django.core.paginator import InvalidPage, Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from .params import integer_param

MAX_PAGE_SIZE = 1000


class ApiPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        """A page size out of 1..1000 is a 400, not silently clamped: scripts should know."""
        size = integer_param(
            request, self.page_size_query_param, minimum=1, maximum=self.max_page_size
        )
        return self.page_size if size is None else size

    def get_page_number(self, request, paginator=None) -> int:
        """Digits from 1; past the last page is a 404, anything else a 400."""
        number = integer_param(request, self.page_query_param, minimum=1)
        return 1 if number is None else number

    def paginate_queryset(
        self, queryset, request, view=None, count: int | None = None, first: list | None = None
    ):
        """As DRF's, but reuses a count the view already has (cached under the data
        stamps) and, for page 1, the rows it already read (``first``)."""
        self.request = request
        paginator = Paginator(queryset, self.get_page_size(request))
        if count is not None:
            paginator.count = count
        number = self.get_page_number(request)
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
                parameter["description"] = _(
                    "页码，从 1 开始；超过最后一页返回 404。与 cursor 互斥：两者同时给出返回 400。"
                )
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=100)
                parameter["description"] = _("每页条数，1～1000，默认 100。")
        return parameters
