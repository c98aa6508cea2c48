from django.conf import settings


def site(request):
    """Give every template the publishing organisation's name and URL."""
    return {"publisher_name": settings.CROSSCHECK_PUBLISHER_NAME, "publisher_url": settings.CROSSCHECK_PUBLISHER_URL}
