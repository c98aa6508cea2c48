"""The API's JSON renderer: DRF's output, byte for byte where it matters, written by orjson.

DRF's JSONRenderer goes through the standard library's encoder, in Python for every dict and list
that is not plain; orjson writes the same compact UTF-8 JSON in C (bench/renderers.py measures it).
What orjson would write differently is routed to DRF's own encoder: datetimes, dates and times
(DRF writes UTC as ``Z``), decimals (the float Python writes, as DRF does), lazy strings, sets and the like; U+2028
and U+2029 are escaped as DRF escapes them; integers beyond 64 bits go to DRF's renderer. An
indented answer (the browsable API, ``Accept: application/json; indent=4``) is DRF's renderer too.

Two differences remain for Python floats (decimals have none): one at or above 1e16 or below 1e-4
is written as orjson writes it (``1e16``, where Python writes ``1e+16``: the same number), and a NaN
or infinity as ``null`` where DRF's strict encoder fails the request. The API's floats are
normalised figures of real claims, far inside both limits. ETags never
depend on the renderer (``api.views.common.etag_of`` hashes the data).
"""
from __future__ import annotations

import math
from decimal import Decimal

import orjson
from rest_framework import exceptions, negotiation, renderers
from rest_framework.utils import encoders

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_drf_default = encoders.JSONEncoder().default


def _default(value):
    """Encode what orjson leaves to us as DRF's encoder does; decimals as the float Python would write."""
    if isinstance(value, Decimal):
        number = float(value)
        if not math.isfinite(number):
            raise TypeError("a non-finite decimal: DRF's renderer refuses it")  # so DRF's renderer runs
        return orjson.Fragment(repr(number).encode())  # "1e-06", as DRF writes it, where orjson writes 1e-6
    return _drf_default(value)


class JSONRenderer(renderers.JSONRenderer):
    """Render with orjson what it renders as DRF would; anything else with DRF's renderer."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            text = orjson.dumps(data, default=_default, option=_OPTIONS)
        except (orjson.JSONEncodeError, TypeError):
            return super().render(data, accepted_media_type, renderer_context)
        if b"\xe2\x80\xa8" in text or b"\xe2\x80\xa9" in text:
            text = text.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return text


class JSONLDRenderer(JSONRenderer):
    """JSON-LD (ClaimReview): the same JSON, labelled as linked data."""

    media_type = "application/ld+json"
    format = "jsonld"


class JSONLinesRenderer(JSONRenderer):
    """Negotiate JSON Lines; the export streams its lines itself (its errors are JSON: ErrorsAsJSONMixin)."""

    media_type = "application/jsonl"
    format = "jsonl"


class NDJSONRenderer(JSONLinesRenderer):
    """The same lines under the older name most tools know (newline-delimited JSON)."""

    media_type = "application/x-ndjson"
    format = "ndjson"


class PlainTextLinesRenderer(JSONLinesRenderer):
    """The same lines as text/plain: what a browser shows, and what generators that know no JSON Lines type keep."""

    media_type = "text/plain"
    format = "txt"


class DefaultMediaTypeNegotiation(negotiation.DefaultContentNegotiation):
    """Serve the first media type when Accept names none of the served ones (RFC 9110, 12.5.1), never 406.

    For endpoints with one document in several labels (JSON-LD or JSON, JSON Lines under three names):
    a client that habitually sends ``Accept: application/json`` to the JSON Lines export gets the lines.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            return renderers[0], renderers[0].media_type
