"""API tokens for a username and password, rate-limited against guessing."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from api.throttling import ScopedRateThrottle
from project.security import lockout_response


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token. Rate-limited against guessing."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=AuthTokenSerializer, responses={200: inline_serializer("Token", {
        "token": serializers.CharField()})})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        if getattr(request, "axes_locked_out", False):
            # django-axes marks the DRF request, which its middleware never sees: answer the lockout here.
            return lockout_response(request._request)
        if not valid:
            if set(serializer.errors) - {"non_field_errors"}:
                raise exceptions.ValidationError(serializer.errors)
            raise exceptions.AuthenticationFailed("Unable to log in with those credentials.")
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
