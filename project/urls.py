from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Crosscheck editorial desk"
admin.site.site_title = "Crosscheck"
admin.site.index_title = "Claims, sources and reviews"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]
