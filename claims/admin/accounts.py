"""Users and groups in the admin: superusers only, whatever permissions an editorial account holds."""
from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from claims.services.permissions import may_manage_accounts


class _AccountsOnlyForSuperusers:
    """Gate every view the admin offers (list, add, change, password, delete, history) on one rule."""

    def has_module_permission(self, request):
        return may_manage_accounts(request.user)

    def has_view_permission(self, request, obj=None):
        return may_manage_accounts(request.user)

    def has_add_permission(self, request):
        return may_manage_accounts(request.user)

    def has_change_permission(self, request, obj=None):
        return may_manage_accounts(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_manage_accounts(request.user)


class AccountAdmin(_AccountsOnlyForSuperusers, UserAdmin):
    pass


class RoleGroupAdmin(_AccountsOnlyForSuperusers, GroupAdmin):
    pass


for model, model_admin in ((User, AccountAdmin), (Group, RoleGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
