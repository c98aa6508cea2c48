"""The API for webhook subscriptions (/api/v1/webhooks/subscriptions/), for the Webhook manager role.

Every check and write is the service's (``webhooks.services``). A secret is in the answer to a
creation or a rotation, and in no other answer.
"""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from webhooks import services
from webhooks.models import Subscription


class SubscriptionSerializer(serializers.ModelSerializer):
    fingerprint = serializers.CharField(read_only=True, help_text=(
        "The first 12 hex digits of the SHA-256 of the current secret: names it without revealing it."))
    url = serializers.CharField(max_length=500, help_text="Where events are POSTed (http or https).")
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        model = Subscription
        fields = ["id", "url", "description", "active", "fingerprint", "secret_rotated_at", "created_at"]
        read_only_fields = ["id", "fingerprint", "secret_rotated_at", "created_at"]


class IssuedSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(read_only=True, help_text=(
        "The HMAC-SHA256 key of X-Crosscheck-Signature. Shown in this answer only: store it now."))

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


def _issued(issued: services.Issued, code: int) -> Response:
    body = {**SubscriptionSerializer(issued.subscription).data, "secret": issued.secret}
    return Response(body, status=code, headers={"Cache-Control": "no-store"})


@extend_schema(tags=["webhooks"])
class SubscriptionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Webhook subscriptions: list, create, change, rotate the secret of, and delete (Webhook manager role)."""

    serializer_class = SubscriptionSerializer
    queryset = Subscription.objects.none()
    permission_classes = [IsAuthenticated]  # who may manage them is the service's rule
    pagination_class = None  # a newsroom has a handful
    filter_backends = []
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return services.subscriptions_for(self.request.user)

    @extend_schema(responses={201: IssuedSubscriptionSerializer})
    def create(self, request):
        """Register a receiver; the answer holds its secret, shown this once."""
        body = SubscriptionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return _issued(services.subscription_create(user=request.user, **body.validated_data), status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        """Change the address, the description or whether it receives events (the secret stays)."""
        subscription = self.get_object()
        body = SubscriptionSerializer(subscription, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        changed = services.subscription_update(subscription=subscription, user=request.user, **body.validated_data)
        return Response(SubscriptionSerializer(changed).data)

    def destroy(self, request, pk=None):
        """Stop sending to the receiver and forget it, with its delivery log."""
        services.subscription_delete(subscription=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: IssuedSubscriptionSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """Replace the secret; the answer holds the new one, shown this once. The old one stops working at once."""
        return _issued(services.subscription_rotate_secret(subscription=self.get_object(), user=request.user),
                       status.HTTP_200_OK)
