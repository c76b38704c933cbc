"""Checks Bluesky XRPC exchanges against the lexicons that @atproto/api ships (installed by
`make install-dev` in tests/servers/bluesky; read with its own Node).

What is checked: the method's NSID exists and is a query (GET) or a procedure (POST); every
query parameter is one the lexicon names and every required one is there; a JSON input or
output has only the properties its schema names (records, which the protocol leaves open to
extra fields, excepted) and every required one, recursively through refs, unions and arrays,
with the basic JSON type of each value.
"""

from __future__ import annotations

import json
import subprocess
from functools import lru_cache
from typing import Any

from tests.servers.bluesky_network import HERE, NODE


@lru_cache(maxsize=1)
def lexicons() -> dict[str, dict]:
    if not NODE.exists():
        raise RuntimeError(f"{NODE} is missing: run `make install-dev`.")
    out = subprocess.run(
        [str(NODE), str(HERE / "lexicons.mjs")],
        cwd=HERE,
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    return {doc["id"]: doc for doc in json.loads(out)}


def _resolve(ref: str, context: str) -> tuple[dict, str]:
    ref = ref.removeprefix("lex:")
    nsid, _, name = ref.partition("#")
    nsid = nsid or context
    doc = lexicons().get(nsid)
    if doc is None or (name or "main") not in doc["defs"]:
        raise KeyError(ref)
    return doc["defs"][name or "main"], nsid


_JSON_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict}


def check_value(value: Any, schema: dict, context: str, where: str) -> list[str]:
    """Problems with a JSON value against a lexicon schema (empty when it conforms)."""
    kind = schema.get("type")
    if kind == "ref":
        try:
            target, nsid = _resolve(schema["ref"], context)
        except KeyError:
            return [f"{where}: unknown ref {schema['ref']}"]
        return check_value(value, target, nsid, where)
    if kind == "union":
        if not isinstance(value, dict) or "$type" not in value:
            return [f"{where}: a union member needs $type"]
        type_name = value["$type"]
        refs = [r.removeprefix("lex:") for r in schema.get("refs", [])]
        full = [r if not r.startswith("#") else context + r for r in refs]
        if schema.get("closed") and type_name not in full and type_name + "#main" not in full:
            return [f"{where}: {type_name} is not one of {full}"]
        try:
            target, nsid = _resolve(type_name, context)
        except KeyError:
            return [] if not schema.get("closed") else [f"{where}: unknown type {type_name}"]
        return check_value(value, target, nsid, where)
    if kind == "record":
        return _check_object(value, schema["record"], context, where, open_=True)
    if kind in ("object", "params"):
        return _check_object(value, schema, context, where, open_=False)
    if kind == "array":
        if not isinstance(value, list):
            return [f"{where}: expected an array"]
        problems = []
        for number, item in enumerate(value):
            problems += check_value(item, schema.get("items", {}), context, f"{where}[{number}]")
        return problems
    if kind == "integer" and isinstance(value, bool):
        return [f"{where}: expected an integer"]
    expected = _JSON_TYPES.get(kind)
    if expected and not isinstance(value, expected):
        return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if kind == "blob" and not (isinstance(value, dict) and value.get("$type") == "blob"):
        return [f"{where}: expected a blob"]
    return []  # unknown, cid-link, bytes, token, and the scalars above


def _check_object(value: Any, schema: dict, context: str, where: str, *, open_: bool) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: expected an object"]
    properties = schema.get("properties", {})
    problems = [
        f"{where}: {name} is required" for name in schema.get("required", []) if name not in value
    ]
    for name, item in value.items():
        if name == "$type":
            continue
        if name not in properties:
            if not open_:
                problems.append(f"{where}: {name} is not in the lexicon")
            continue
        if item is None and name in schema.get("nullable", []):
            continue
        problems += check_value(item, properties[name], context, f"{where}.{name}")
    return problems


def _main(nsid: str) -> dict | None:
    doc = lexicons().get(nsid)
    return doc["defs"].get("main") if doc else None


def check_request(
    method: str, path: str, query: dict[str, list[str]], body: bytes, content_type: str = ""
) -> list[str]:
    """Problems with one XRPC request as sent (empty when the lexicon allows it)."""
    if not path.startswith("/xrpc/"):
        return [f"{path}: not an XRPC path"]
    nsid = path[len("/xrpc/") :]
    main = _main(nsid)
    if main is None:
        return [f"{nsid}: no such method in the lexicons"]
    wanted = {"GET": "query", "POST": "procedure"}.get(method.upper())
    if main["type"] != wanted:
        return [f"{nsid}: is a {main['type']}, sent as {method}"]
    params = main.get("parameters", {"properties": {}})
    problems = [
        f"{nsid}: parameter {name} is not in the lexicon"
        for name in query
        if name not in params.get("properties", {})
    ]
    problems += [
        f"{nsid}: parameter {name} is required"
        for name in params.get("required", [])
        if name not in query
    ]
    schema = (main.get("input") or {}).get("schema")
    if schema is not None:
        if "json" not in content_type.lower():
            return problems + [f"{nsid}: the input must be JSON"]
        try:
            data = json.loads(body or b"null")
        except ValueError:
            return problems + [f"{nsid}: the input is not JSON"]
        problems += check_value(data, schema, nsid, f"{nsid} input")
        record = data.get("record") if isinstance(data, dict) else None
        if isinstance(record, dict) and data.get("collection"):  # the record itself
            try:
                definition, record_nsid = _resolve(str(data["collection"]), nsid)
            except KeyError:
                return problems + [f"{nsid}: no record type {data['collection']}"]
            problems += check_value(record, definition, record_nsid, f"{nsid} record")
    return problems


def check_response(nsid: str, status: int, data: Any) -> list[str]:
    """Problems with a JSON answer to an XRPC method (errors are checked for their shape)."""
    main = _main(nsid)
    if main is None:
        return [f"{nsid}: no such method in the lexicons"]
    if status >= 400:
        if not isinstance(data, dict) or not isinstance(data.get("error"), str):
            return [f"{nsid}: an error answer needs an error name"]
        return []
    schema = (main.get("output") or {}).get("schema")
    if schema is None:
        return []
    return check_value(data, schema, nsid, f"{nsid} output")
