"""OpenAPI post-processing: document the error responses every operation can give, in their one shape."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "example": "workflow_four_eyes"},
            "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": True,
                       "description": "For validation errors: messages by field name."},
        },
    }},
}
COMMON = {"401": "Authentication needed", "403": "Not allowed for your role", "404": "Not found (or not public)",
          "413": "Request body too large", "429": "Too many requests (see Retry-After)",
          "503": "The database or cache is unavailable for a moment; nothing was changed (see Retry-After)"}
WRITE = {"400": "Invalid input (field errors in error.fields)", "409": "Not allowed in the claim's current state",
         "412": "If-Match does not match the current ETag", "415": "Unsupported media type (send JSON)"}
# Writes to an existing resource (a path with an id) must say which version they change.
WRITE_EXISTING = {"428": "If-Match missing: GET the resource and send its ETag as If-Match"}


# Paths whose reads need a signed-in client with a role (webhook subscriptions hold receivers' addresses).
SIGNED_IN_ONLY = ("/api/v1/webhooks/",)


def add_error_responses(result, generator, request, public):
    """Add the Error component and the 4xx responses to every operation that lacks them."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_name, path in result.get("paths", {}).items():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = {**COMMON, **(WRITE if method != "get" else {"400": "Invalid query parameters"})}
            if method != "get" and any(p.get("in") == "header" and p.get("name") == "If-Match"
                                       for p in operation.get("parameters", [])):
                codes.update(WRITE_EXISTING)
            for code, description in codes.items():
                responses.setdefault(code, {"description": description, "content": reference})
            if method == "get" and path_name.startswith("/api/v1/claims/{id}/"):
                responses.setdefault("410", {"description": "Withdrawn: readers saw this claim and it was withdrawn "
                                                            "(error.message carries the public note)",
                                             "content": reference})
            if method == "post":
                responses.setdefault("422", {"description": "Idempotency-Key already used for another request",
                                             "content": reference})
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (If-None-Match matched the ETag)"})
            if method == "get" and not path_name.startswith(SIGNED_IN_ONLY):
                # Reads are public, so they carry no security requirement (Swagger UI shows no lock, a
                # generated client calls them without a token); a token still shows staff more.
                operation["security"] = []
    return result


def type_path_ids(result, generator, request, public):
    """Type every path id as an integer: the URLs take digits only, and generated clients should say so."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") == "id":
                    parameter["schema"] = {"type": "integer", "minimum": 1}
    return result


ETAG = {"description": "A strong tag of the representation: send it back as If-Match to write, "
                       "or as If-None-Match to read again cheaply (304).", "schema": {"type": "string"}}
RETRY_AFTER = {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 0}}
REPLAYED = {"description": "\"true\" when this is the stored answer to an earlier request with the same "
                           "Idempotency-Key (nothing was written again).",
            "schema": {"type": "string", "enum": ["true"]}}
IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                   "description": "Any unique string: a retry with the same key gets the first answer instead "
                                  "of writing twice (see Retrying writes in the API docs)."}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
                 "description": "The ETag you hold: 304 Not Modified when it is still current."}


def declare_headers(result, generator, request, public):
    """Declare the headers clients send and read: ETag, If-None-Match, Idempotency-Key, Retry-After, Idempotent-Replayed."""
    for path_name, path in result.get("paths", {}).items():
        for method, operation in path.items():
            if method not in {"get", "post", "patch", "put", "delete"}:
                continue
            parameters = operation.setdefault("parameters", [])
            responses = operation.get("responses", {})
            single = path_name.endswith("{id}/") or method != "get"  # a resource, not a list or an export
            if method == "get" and single:
                parameters.append(dict(IF_NONE_MATCH))
            if method == "post" and not path_name.endswith("/auth/token/"):
                parameters.append(dict(IDEMPOTENCY_KEY))
            for code, response in responses.items():
                headers = response.setdefault("headers", {}) if isinstance(response, dict) else {}
                if code.startswith("2") and single:
                    headers["ETag"] = ETAG
                if code.startswith("2") and method == "post":
                    headers["Idempotent-Replayed"] = REPLAYED
                if code in {"429", "503"}:
                    headers["Retry-After"] = RETRY_AFTER
                if not headers and isinstance(response, dict):
                    response.pop("headers")
    return result
