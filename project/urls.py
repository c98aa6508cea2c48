from django.contrib import admin
from django.urls import path

from claims import views

admin.site.site_header = "Crosscheck editorial desk"
admin.site.site_title = "Crosscheck"
admin.site.index_title = "Claims, sources and reviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
]
