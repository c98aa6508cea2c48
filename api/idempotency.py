"""`Idempotency-Key` on POST: a client that cannot tell whether its request was stored sends it again
with the same key, and gets the first answer back instead of a second write (kept a day per user).

As the IETF draft (draft-ietf-httpapi-idempotency-key-header) reads: only a write that was done is
remembered (2xx), so a refused request changes nothing, not even the key, and its corrected retry
goes through; the same key with another request is 422; a replay is the first answer, ETag included.
"""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.models import IdempotentRequest

KEPT_FOR = timedelta(days=1)
REPLAYED_HEADERS = ("ETag", "Location")


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used for a different request; use a new key for a new request."
    default_code = "idempotency_key_reused"


class _Replay(Exception):
    def __init__(self, record: IdempotentRequest):
        self.record = record


class IdempotentPostMixin:
    """Make POSTs that carry an Idempotency-Key safe to retry.

    The key is checked after authentication and throttling, and the answer is stored in the same
    transaction as the write it answers: either both are committed or neither is. Every write
    request runs in one transaction, with or without a key.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return super().dispatch(request, *args, **kwargs)
        # A write, the reads of its answer and the stored answer commit together: a client answered
        # 503 because the database went away after the write has nothing stored (seen under a restart).
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        key = request.headers.get("Idempotency-Key", "")
        if request.method != "POST" or not key or not request.user.is_authenticated:
            return
        if len(key) > 255:
            raise exceptions.ValidationError({"Idempotency-Key": ["Use a key of at most 255 characters."]})
        fingerprint = hashlib.sha256(b"\0".join([request.method.encode(), request.get_full_path().encode(),
                                                 request._request.body])).hexdigest()
        with connection.cursor() as cursor:  # two retries at once: the second waits for the first's answer
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"idempotency:{request.user.pk}:{key}"])
        record = IdempotentRequest.objects.filter(user=request.user, key=key).first()
        if record is not None and record.created_at < timezone.now() - KEPT_FOR:
            record.delete()
            record = None
        if record is not None:
            if record.fingerprint != fingerprint:
                raise KeyReused()
            raise _Replay(record)
        self._idempotency = (key, fingerprint)

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            response = Response(exc.record.body, status=exc.record.status, headers=exc.record.headers)
            response["Idempotent-Replayed"] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        pending = getattr(self, "_idempotency", None)
        if pending and status.is_success(response.status_code):
            self._idempotency = None
            # As the client reads it: the renderer turns decimals and dates into JSON, the JSONField would not.
            body = None if response.data is None else json.loads(JSONRenderer().render(response.data))
            headers = {name: response[name] for name in REPLAYED_HEADERS if name in response}
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.filter(user=request.user,
                                                     created_at__lt=timezone.now() - KEPT_FOR).delete()
                    IdempotentRequest.objects.create(user=request.user, key=pending[0], fingerprint=pending[1],
                                                     status=response.status_code, body=body, headers=headers)
            except DatabaseError:  # the write itself failed the transaction: nothing to remember
                pass
        return response
