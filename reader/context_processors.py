from django.conf import settings

from project.site import publisher_url


def site(request):
    """Give every template the publishing organisation's name and URL."""
    return {"publisher_name": settings.CROSSCHECK_PUBLISHER_NAME, "publisher_url": publisher_url()}
