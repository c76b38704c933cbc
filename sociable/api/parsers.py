"""The API's JSON parser: DRF's, refusing documents nested deeper than MAX_DEPTH (a 100,000-deep
array would otherwise exhaust the parser's recursion and answer 500) before parsing them."""

import io
import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 100
_STRING = re.compile(rb'"(?:\\.|[^"\\])*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        if too_deep(body):
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels is not accepted.")
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:
            raise ParseError("The JSON is nested too deeply.") from None
