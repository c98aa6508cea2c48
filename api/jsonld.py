"""ClaimReview as the API serves it (claims.claimreview builds it), typed for OpenAPI clients.

schema.org types allow almost anything; these components describe exactly what Crosscheck writes,
so a generated client gets typed objects and a validator can hold the output to them. Every "@type"
is an enum of one value: a client tells a Person from an Organization by it.
"""

ISO_DATE = {"type": "string", "format": "date"}
URI = {"type": "string", "format": "uri"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _typed(type_name: str, properties: dict, required=(), description="") -> dict:
    schema = {"type": "object", "required": ["@type", *required],
              "properties": {"@type": {"type": "string", "enum": [type_name]}, **properties}}
    if description:
        schema["description"] = description
    return schema


COMPONENTS = {
    "ClaimReviewAgent": {
        "type": "object", "required": ["@type", "name"],
        "description": "A schema.org Person or Organization: who made a claim, wrote an article, or reviewed it.",
        "properties": {
            "@type": {"type": "string", "enum": ["Person", "Organization"]},
            "name": {"type": "string"},
            "jobTitle": {"type": "string", "description": "A person's role when making the claim."},
            "description": {"type": "string", "description": "An organisation's role when making the claim."},
            "url": URI,
        },
    },
    "ClaimReviewCreativeWork": _typed("CreativeWork", {
        "headline": {"type": "string", "description": "The source's title."},
        "url": URI, "datePublished": ISO_DATE, "publisher": _ref("ClaimReviewAgent"),
    }, required=["headline"], description="A source in which the claim appears."),
    "ClaimReviewRating": _typed("Rating", {
        "name": {"type": "string"}, "alternateName": {"type": "string", "description": "The verdict's label."},
        "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5,
                        "description": "Only for verdicts on the true-to-false scale."},
        "bestRating": {"type": "integer", "enum": [5]}, "worstRating": {"type": "integer", "enum": [1]},
    }, required=["name", "alternateName"]),
    "ClaimReviewClaim": _typed("Claim", {
        "appearance": {"type": "array", "items": _ref("ClaimReviewCreativeWork")},
        "firstAppearance": _ref("ClaimReviewCreativeWork"),
        "author": {"description": "The claimant, else the first appearance's author(s).",
                   "oneOf": [_ref("ClaimReviewAgent"), {"type": "array", "items": _ref("ClaimReviewAgent")}]},
        "datePublished": ISO_DATE,
    }, description="The claim reviewed, with the sources it appears in."),
    "ClaimReview": {
        "type": "object",
        "description": "A rated claim as schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview).",
        "required": ["@context", "@type", "url", "claimReviewed", "itemReviewed", "reviewRating", "author",
                     "datePublished"],
        "properties": {
            "@context": {"type": "string", "enum": ["https://schema.org"]},
            "@type": {"type": "string", "enum": ["ClaimReview"]},
            "url": {**URI, "description": "The claim's public page."},
            "claimReviewed": {"type": "string"},
            "itemReviewed": _ref("ClaimReviewClaim"),
            "reviewRating": _ref("ClaimReviewRating"),
            "author": _ref("ClaimReviewAgent"),
            "datePublished": {**ISO_DATE, "description": "When the verdict was last approved."},
        },
    },
}
CLAIM_REVIEW = _ref("ClaimReview")


def add_claimreview_components(result, generator, request, public):
    """Put the ClaimReview components in the schema (operations refer to them by $ref)."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    return result
