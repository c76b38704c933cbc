"""The OpenAPI schema says every answer an operation can give: each operation documents 400
(a query parameter, such as `limit`, or a body that is not valid), 401 and 403 (no token, or
one without the scope), 404 for paths that name an object, and 429, all with the one error
shape (`Problem`), unless the view already describes them."""

ERRORS = {
    "400": "The request is not valid.",
    "401": "No token, or one that is not valid.",
    "403": "Your token or role does not allow this.",
    "404": "Not found, or not yours to see.",
}


def document_errors(result, generator, request, public):
    problem = {"$ref": "#/components/schemas/Problem"}
    if "Problem" not in result.get("components", {}).get("schemas", {}):
        return result
    for path, methods in result.get("paths", {}).items():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code, description in ERRORS.items():
                if code == "404" and "{" not in path:
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": problem}},
                    },
                )
    return result
