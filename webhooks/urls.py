from rest_framework.routers import SimpleRouter

from webhooks.api import SubscriptionViewSet

router = SimpleRouter()
router.register("subscriptions", SubscriptionViewSet, basename="webhook-subscription")
urlpatterns = router.urls
