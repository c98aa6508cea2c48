"""Shared pieces of the API's views: ETags, If-Match, and the shared cache for anonymous reads."""
import hashlib
import json
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.response import Response

from api.errors import PreconditionFailed, PreconditionRequired
from api.renderers import JSONRenderer
from claims import selectors
from pagecache import answers, cachetags

IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                            description="The ETag a GET of this resource answered. Required: without it the "
                                        "write answers 428; a stale one answers 412. Either way nothing changes.")


class ErrorsAsJSONMixin:
    """Answer errors as application/json on endpoints that serve another JSON type (JSON-LD, JSON Lines).

    The schema gives every error one shape in one media type, and a client that asked for JSON Lines
    reads an error as a document, not as lines. The browsable API's HTML pages keep their own errors.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)  # None: the request failed before negotiation
        if response.status_code >= 400 and (renderer is None or isinstance(renderer, JSONRenderer)):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])  # one URL, several media types
        return response


def is_staff_reader(request) -> bool:
    """Say whether this client reads drafts too (the rule is ``selectors.sees_drafts``)."""
    return selectors.sees_drafts(request.user)


def etag_of(data) -> str:
    """Return a strong ETag of a representation: it changes whenever anything the client reads changes."""
    text = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:40] + '"'


class PublicReadCacheMixin:
    """Answer anonymous reads from the shared cache until something they show changes (pagecache.answers).

    Runs inside DRF's dispatch, after authentication and throttling, so cached answers still count
    against a client's rate; the data is cached, and rendered for each request's format. Anonymous
    answers carry their tags for Varnish or a CDN; answers to signed-in clients are private.
    """

    def _from_cache(self, request, produce):
        if request.auth is not None or request.user.is_authenticated:
            response = produce()  # may show drafts: never in a shared cache
            answers.private_headers(response)
            return response
        caching = bool(settings.CROSSCHECK_PAGE_CACHE_SECONDS)
        key, generation = answers.key_for(request._request, kind="api"), None
        if caching:
            stored, generation = answers.lookup(key)
            if stored is not None:
                etag = stored["etag"]
                if etag and request.headers.get("If-None-Match") == etag:
                    response = Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
                else:
                    response = Response(stored["data"], headers={"ETag": etag} if etag else None)
                return self._shared(response, stored["tags"])
        with answers.collecting() as tags:
            if self.action == "list":
                # The model alone: building the view's queryset (prefetches and all) to ask it costs more.
                model = self.queryset.model if self.queryset is not None else self.get_queryset().model
                answers.record(cachetags.list_tag(model))
            response = produce()
        if response.status_code not in (200, 304):
            return response
        tags = answers.final_tags(tags)
        if caching and response.status_code == 200:
            answers.store(key, generation, {"data": response.data, "etag": response.get("ETag"), "tags": tags})
        return self._shared(response, tags)

    @staticmethod
    def _shared(response, tags):
        answers.shared_cache_headers(response, tags)
        patch_vary_headers(response, ["Accept"])  # one URL, JSON or the browsable page
        return response

    def list(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: super(PublicReadCacheMixin, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: super(PublicReadCacheMixin, self).retrieve(request, *args, **kwargs))


class ETagMixin:
    """ETags taken from the representation itself; conditional GET (304) and If-Match (412) for writes.

    A claim's representation includes its evidence, conflicts and sources, so a change to any of
    them changes the tag, not only a change to the row.
    """

    read_serializer_class = None  # the representation clients read; defaults to serializer_class

    def representation(self, instance) -> dict:
        serializer_class = self.read_serializer_class or self.serializer_class
        return serializer_class(instance, context=self.get_serializer_context()).data

    def shown(self, instance):
        """Return the instance as this client reads it (claims: their approved version for readers)."""
        return instance

    def current_etag(self, pk) -> str | None:
        instance = self.get_queryset().filter(pk=pk).first()
        return None if instance is None else etag_of(self.representation(self.shown(instance)))

    def check_if_match(self, pk) -> None:
        """Refuse a write without the ETag the client read (428) or with a stale one (412)."""
        expected = self.request.headers.get("If-Match")
        # "*" only says "whatever is there now", which is exactly the lost update the header prevents.
        if not expected or expected.strip() == "*":
            raise PreconditionRequired()
        if self.current_etag(pk) not in {tag.strip() for tag in expected.split(",")}:
            raise PreconditionFailed()

    @contextmanager
    def if_match_under_lock(self, pk):
        """Lock the row, then check If-Match, and keep the lock for the write inside the block.

        Checked before the lock, two writers holding the same ETag both pass and the second silently
        overwrites the first; under the lock the second waits, reads the first's result and gets 412.
        """
        with transaction.atomic():
            model = self.get_queryset().model
            list(model._default_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True))
            self.check_if_match(pk)
            yield

    def retrieve(self, request, *args, **kwargs):
        data = self.representation(self.get_object())
        etag = etag_of(data)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    def written(self, data) -> Response:
        """Answer a write with the new representation and its ETag."""
        return Response(data, headers={"ETag": etag_of(data)})


def claimreview_claims():
    """Public claims with their public evidence, as ClaimReview shows them."""
    return selectors.public_claims().select_related("metric", "claimant").prefetch_related(
        Prefetch("appearances", queryset=selectors.approved_evidence().select_related("source__publisher")))
