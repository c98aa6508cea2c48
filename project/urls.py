from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from project.desk import your_work

admin.site.site_header = "Crosscheck editorial desk"
admin.site.site_title = "Crosscheck"
admin.site.index_title = "Claims, sources and reviews"
# The desk's changelists need the width (static/css/desk.css); the home page lists every section.
admin.site.enable_nav_sidebar = False
_admin_index = admin.site.index


def _index_with_your_work(request, extra_context=None):
    """The admin home, headed by the signed-in role's queues with how much is waiting in each."""
    return _admin_index(request, {**(extra_context or {}), "your_work": your_work(request.user)})


admin.site.index = _index_with_your_work  # set before admin.site.urls binds the view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/webhooks/", include("webhooks.urls")),  # the webhooks app's own API (subscriptions)
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its set-up script as a file, so the docs page needs no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("reader.urls")),
]

handler400 = "project.views.bad_request"
handler404 = "project.views.not_found"
handler500 = "project.views.server_error"
