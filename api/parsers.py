"""Request body parsers that refuse what would crash the server, with the API's error shape."""
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32  # no Crosscheck request nests deeper than 4; 32 leaves room and stops a stack overflow


class DepthLimitedJSONParser(JSONParser):
    """Parse JSON, refusing bodies nested deeper than MAX_DEPTH (Python's parser would recurse and crash)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels is refused.") from None
        if _depth(data) > MAX_DEPTH:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels is refused.")
        return data


def _depth(value) -> int:
    """Measure nesting without recursion (the point is to survive hostile input)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest
