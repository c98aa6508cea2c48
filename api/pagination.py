from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination


class CappedCursorPagination(CursorPagination):
    """Stable pages over changing data; ?page_size= from 1 to 100 (larger asks get 100)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) > 1 or not raw[0].isdigit() or int(raw[0]) < 1:
            raise ValidationError({self.page_size_query_param: ["Give one whole number from 1 to 100."]})
        return min(int(raw[0]), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = "Results per page, 1 to 100 (larger values give 100)."
        return parameters
