from rest_framework import permissions


class ReadPublicWriteWithModelPermissions(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads (views decide what is public); writes need staff with the model's add/change permission.

    Workflow actions check their own permission in the service, so the table here covers plain writes.
    """

    def has_permission(self, request, view):
        method = request.method.lower()
        if method not in view.http_method_names or not hasattr(view, method):
            # A method the endpoint lacks is a 405 for everyone (the view says so), not a 401 or 403.
            return True
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated and request.user.is_staff):
            return False
        if getattr(view, "action", None) in getattr(view, "service_checked_actions", ()):
            return True
        return super().has_permission(request, view)
