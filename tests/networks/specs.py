"""Checks recordings and requests against the networks' own published specifications.

The specifications are pinned outside the repository, in ../shared/reference/network-specs/
(relative to the repository root; CI has ../shared beside the clone):

- X API v2 OpenAPI 3.0 (x/openapi.json),
- the Mastodon community OpenAPI 3.1 (mastodon/openapi.json),
- Meta's Graph API node specs from facebook-business-sdk-codegen (facebook/*.json).

Specs of the networks added later are pinned in the test tree itself, tests/networks/pinned/
(see its README): the Instagram Graph API node specs (instagram/*.json).

OpenAPI schemas are checked with jsonschema. They are read *closed*: an object schema that
lists its properties and says nothing about others accepts no others, so a field a network
does not document (a made-up one, or one renamed since the recording was written) is found.
OpenAPI 3.0 `nullable` is read as JSON Schema's "null" type; 3.1 schemas are JSON Schema.
Graph API nodes are checked field by field: every field of a recorded node, and every name in
a requested `fields=` expansion, must be a field or an edge of that node, and edge modifiers
such as `.order(...)` must take a value from the pinned enum types.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from jsonschema.exceptions import best_match

REPO = Path(__file__).resolve().parents[2]
PINNED = Path(__file__).resolve().parent / "pinned"
SPECS_ENV = "SOCIABLE_NETWORK_SPECS"

# Meta withdrew these post metrics (impressions, replaced by views) for every API version:
# developers.facebook.com/docs/platforminsights/page/deprecated-metrics and the Pages API
# changelog (15 November 2025; the unique ones by June 2026). The Graph API node specs type the
# `metric` parameter as list<Object>, so the withdrawn names are listed here from those pages.
WITHDRAWN_FACEBOOK_METRICS = frozenset(
    {
        "post_impressions",
        "post_impressions_unique",
        "post_impressions_paid",
        "post_impressions_paid_unique",
        "post_impressions_fan",
        "post_impressions_fan_unique",
        "post_impressions_organic",
        "post_impressions_organic_unique",
        "post_impressions_viral",
        "post_impressions_viral_unique",
        "post_impressions_nonviral",
        "post_impressions_nonviral_unique",
        "post_engaged_users",
        "post_clicks_unique",
        "post_negative_feedback",
        "post_impressions_by_story_type",
    }
)


def _candidates() -> list[Path]:
    """../shared beside the checkout; for a git worktree, also beside its main checkout; or
    wherever SOCIABLE_NETWORK_SPECS points."""
    places = [Path(os.environ[SPECS_ENV])] if os.environ.get(SPECS_ENV) else []
    places.append(REPO.parent / "shared" / "reference" / "network-specs")
    dot_git = REPO / ".git"
    if dot_git.is_file():  # a worktree: "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(dot_git.read_text("utf-8").split("gitdir:", 1)[-1].strip())
        common = gitdir / "commondir"
        if common.is_file():
            main = (gitdir / common.read_text("utf-8").strip()).resolve().parent
            places.append(main.parent / "shared" / "reference" / "network-specs")
    return places


def specs_folder() -> Path | None:
    return next((p for p in _candidates() if (p / "x" / "openapi.json").is_file()), None)


def require_specs() -> Path:
    """The specs folder, or a clean skip that says where it was looked for."""
    folder = specs_folder()
    if folder is None:
        pytest.skip(
            "the networks' pinned specifications are not in "
            f"{', '.join(str(p) for p in _candidates())} "
            "(../shared/reference/network-specs beside the repository)"
        )
    return folder


# --------------------------------------------------------------------------------------------
# OpenAPI (X, Mastodon)
# --------------------------------------------------------------------------------------------


def _closed(node: Any, in_all_of: bool = False, openapi30: bool = False) -> Any:
    """A copy of a spec fragment with object schemas closed and 3.0 `nullable` made JSON Schema."""
    if isinstance(node, list):
        return [_closed(item, in_all_of, openapi30) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key in ("example", "examples"):
            result[key] = value
        elif key == "allOf":
            result[key] = [_closed(item, True, openapi30) for item in value]
        elif key == "properties" and isinstance(value, dict):
            result[key] = {
                name: _closed(schema, False, openapi30) for name, schema in value.items()
            }
        else:
            result[key] = _closed(value, False, openapi30)
    if openapi30 and result.get("nullable") is True:
        kind = result.get("type")
        if isinstance(kind, str):
            result["type"] = [kind, "null"]
        if "enum" in result and None not in result["enum"]:
            result["enum"] = [*result["enum"], None]
        if "$ref" in result:  # 3.0: siblings of $ref are ignored; nullable means "or null"
            result = {"anyOf": [{"$ref": result.pop("$ref")}, {"type": "null"}], **result}
    looks_like_schema = "properties" in result and isinstance(result["properties"], dict)
    if (
        looks_like_schema
        and not in_all_of
        and "additionalProperties" not in result
        and "unevaluatedProperties" not in result
    ):
        result["unevaluatedProperties"] = False
    if "allOf" in result and not in_all_of and "unevaluatedProperties" not in result:
        result["unevaluatedProperties"] = False
    return result


def _pointer(*parts: str) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


class OpenApiSpec:
    """One network's OpenAPI document, read closed, with its operations found by request."""

    def __init__(self, path: Path):
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        raw = json.loads(path.read_text("utf-8"))
        self.name = path.parent.name
        self.version = str(raw.get("info", {}).get("version", ""))
        self.document = _closed(raw, openapi30=str(raw.get("openapi", "")).startswith("3.0"))
        resource = Resource.from_contents(self.document, default_specification=DRAFT202012)
        self._registry = Registry().with_resource("urn:spec", resource)
        self._validator_class = Draft202012Validator
        self._templates = []
        for template in self.document["paths"]:
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            literal = template.count("{")
            self._templates.append((literal, template, re.compile(pattern)))
        self._templates.sort(key=lambda t: (t[0], -len(t[1])))  # literal paths first

    def operation(self, method: str, path: str) -> tuple[str, dict] | None:
        if len(path) > 1:
            path = path.rstrip("/")  # Rails (Mastodon) and X route "/x/" as "/x"
        for _, template, pattern in self._templates:
            if pattern.fullmatch(path):
                op = self.document["paths"][template].get(method.lower())
                if op is not None:
                    return template, op
        return None

    def _deref(self, node: dict) -> dict:
        while isinstance(node, dict) and "$ref" in node and len(node) <= 2:
            ref = node["$ref"]
            target: Any = self.document
            for part in ref.lstrip("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def parameters(self, template: str, op: dict) -> dict[str, dict]:
        params = [
            *self.document["paths"][template].get("parameters", []),
            *op.get("parameters", []),
        ]
        return {p["name"]: p for p in (self._deref(p) for p in params)}

    def _errors(self, pointer: str, instance: Any) -> list[str]:
        validator = self._validator_class({"$ref": "urn:spec#" + pointer}, registry=self._registry)
        problems = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
            if error.context:  # anyOf / oneOf: say why the closest non-null branch failed
                branches = [
                    e
                    for e in error.context
                    if not (e.validator == "type" and e.validator_value == "null")
                ]
                error = best_match(branches or error.context)
            where = "/".join(str(p) for p in error.absolute_path) or "(body)"
            problems.append(f"{where}: {error.message}"[:400])
        return problems

    def check_response(
        self, method: str, path: str, status: int, body: Any, headers: dict[str, str] | None = None
    ) -> list[str]:
        """What in this recorded response the specification does not allow."""
        found = self.operation(method, path)
        if found is None:
            return [f"{method} {path}: no such operation in the {self.name} spec {self.version}"]
        template, op = found
        responses = op.get("responses", {})
        key = (
            str(status)
            if str(status) in responses
            else (f"{str(status)[0]}XX" if f"{str(status)[0]}XX" in responses else "default")
        )
        if key not in responses:
            return [f"{method} {template}: the spec has no {status} response"]
        response = self._deref(responses[key])
        problems = self._check_headers(response, headers or {}, f"{method} {template}")
        content = response.get("content") or {}
        media = next((m for m in content if "json" in m), None)
        if media is None or "schema" not in content[media]:
            if body not in (None, "", {}):
                problems.append(f"{method} {template}: a {status} response has no JSON body")
            return problems
        pointer = _pointer(
            "paths", template, method.lower(), "responses", key, "content", media, "schema"
        )
        if "$ref" in responses[key]:
            ref = responses[key]["$ref"].lstrip("#")
            pointer = ref + _pointer("content", media, "schema")
        return problems + [f"{method} {template} → {p}" for p in self._errors(pointer, body)]

    def _check_headers(self, response: dict, headers: dict[str, str], where: str) -> list[str]:
        documented = {
            name.lower(): self._deref(spec)
            for name, spec in (response.get("headers") or {}).items()
        }
        problems = []
        for name, value in headers.items():
            spec = documented.get(name.lower())
            if spec is None:
                continue
            schema = self._deref(spec.get("schema") or {})
            kind, fmt = schema.get("type"), schema.get("format")
            if kind == "integer" and not re.fullmatch(r"-?\d+", str(value)):
                problems.append(f"{where}: header {name} should be an integer, not {value!r}")
            if fmt == "date-time":
                try:
                    datetime.fromisoformat(str(value).replace("Z", "+00:00"))
                except ValueError:
                    problems.append(f"{where}: header {name} should be a date-time: {value!r}")
        return problems

    def check_request(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: bytes = b"",
        content_type: str = "",
    ) -> list[str]:
        """What in this request (path, query names and values, body fields) the spec lacks."""
        found = self.operation(method, path)
        if found is None:
            return [f"{method} {path}: no such operation in the {self.name} spec {self.version}"]
        template, op = found
        where = f"{method} {template}"
        params = self.parameters(template, op)
        problems = []
        for raw_name, values in query.items():
            name = raw_name.removesuffix("[]")
            spec = params.get(name)
            if spec is None or spec.get("in") != "query":
                problems.append(f"{where}: query parameter {raw_name!r} is not in the spec")
                continue
            schema = self._deref(spec.get("schema") or {})
            items = self._deref(schema.get("items") or {}) if schema.get("type") == "array" else {}
            enum = items.get("enum") or schema.get("enum")
            if enum:
                for value in values:
                    for part in value.split(",") if items else [value]:
                        if part not in [str(e) for e in enum]:
                            problems.append(
                                f"{where}: {name}={part!r} is not one of the spec's values"
                            )
        problems += self._check_body(template, op, method, body, content_type)
        return problems

    def _check_body(
        self, template: str, op: dict, method: str, body: bytes, content_type: str
    ) -> list[str]:
        where = f"{method} {template}"
        if not body:
            return []
        request_body = self._deref(op.get("requestBody") or {})
        content = request_body.get("content") or {}
        if not content:
            return [f"{where}: the spec takes no request body"]
        base = _pointer("paths", template, method.lower(), "requestBody", "content")
        if "$ref" in (op.get("requestBody") or {}):
            base = op["requestBody"]["$ref"].lstrip("#") + _pointer("content")
        if "json" in content_type:
            media = next((m for m in content if "json" in m), None)
            if media is None:
                return [f"{where}: the spec takes no JSON body"]
            data = json.loads(body)
            return [
                f"{where} body → {p}" for p in self._errors(base + _pointer(media, "schema"), data)
            ]
        # Form or multipart: the field names must be properties of a body schema the spec has.
        names = _form_field_names(body, content_type)
        allowed: set[str] = set()
        for media in content.values():
            allowed |= self._property_names(media.get("schema") or {})
        return [
            f"{where}: body field {n!r} is not in the spec"
            for n in sorted(names)
            if n.removesuffix("[]").split("[")[0] not in allowed
        ]

    def _property_names(self, schema: dict) -> set[str]:
        schema = self._deref(schema)
        names = set(schema.get("properties") or {})
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in schema.get(key) or []:
                names |= self._property_names(sub)
        return names


def _form_field_names(body: bytes, content_type: str) -> set[str]:
    if "multipart/form-data" in content_type:
        pattern = rb'Content-Disposition: form-data; name="([^"]+)"'
        return {name.decode() for name in re.findall(pattern, body)}
    return set(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))


@cache
def openapi(network: str) -> OpenApiSpec:
    return OpenApiSpec(require_specs() / network / "openapi.json")


# --------------------------------------------------------------------------------------------
# Graph API node specs (Facebook)
# --------------------------------------------------------------------------------------------

# Paging and edge wrappers the Graph API puts around every edge (not node fields).
_EDGE_KEYS = {"data", "paging", "summary"}
_GENERIC_MODIFIERS = {"limit", "summary", "since", "until", "after", "before"}


class GraphSpec:
    """Meta's Graph API node specs: fields, edges and enum types."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.nodes: dict[str, dict] = {}
        for path in folder.glob("*.json"):
            text = path.read_text("utf-8").strip()
            if path.stem != "enum_types" and text:
                self.nodes[path.stem] = json.loads(text)
        self.enums = {
            e["name"]: e["values"]
            for e in json.loads((folder / "enum_types.json").read_text("utf-8"))
        }

    def fields(self, node: str) -> dict[str, str]:
        return {f["name"]: f["type"] for f in self.nodes.get(node, {}).get("fields", [])}

    def edge(self, node: str, name: str, method: str = "GET") -> dict | None:
        for api in self.nodes.get(node, {}).get("apis", []):
            if api.get("endpoint", "") == name and api["method"] == method:
                return api
        return None

    def known(self, node: str) -> bool:
        return node in self.nodes

    def check_node(self, node: str, data: Any, where: str = "") -> list[str]:
        """Every key of a recorded node must be a field or an edge of the node type."""
        if not self.known(node) or not isinstance(data, dict):
            return []
        fields = self.fields(node)
        problems = []
        for key, value in data.items():
            here = f"{where}.{key}" if where else key
            if key in fields:
                inner = _node_type(fields[key])
                if inner and self.known(inner):
                    for item in value if isinstance(value, list) else [value]:
                        problems += self.check_node(inner, item, here)
                continue
            edge = self.edge(node, key)
            if edge is None:
                problems.append(f"{node}: {here!r} is neither a field nor an edge of {node}")
                continue
            if isinstance(value, dict):
                for extra in set(value) - _EDGE_KEYS:
                    problems.append(f"{node}: edge {here!r} carries {extra!r}")
                for item in value.get("data") or []:
                    problems += self.check_node(edge["return"], item, here)
        return problems

    def check_fields_param(self, node: str, fields: str) -> list[str]:
        """Every name in a `fields=` expansion must be a field or an edge of its node."""
        return self._check_tree(node, parse_fields(fields))

    def _check_tree(self, node: str, tree: list[tuple[str, dict, list]]) -> list[str]:
        if not self.known(node):
            return []
        fields = self.fields(node)
        problems = []
        for name, modifiers, children in tree:
            if name in fields:
                if modifiers:
                    problems.append(f"{node}: field {name!r} takes no modifiers {modifiers}")
                inner = _node_type(fields[name])
                if children and inner:
                    problems += self._check_tree(inner, children)
                continue
            edge = self.edge(node, name)
            if edge is None:
                problems.append(f"{node}: {name!r} is neither a field nor an edge of {node}")
                continue
            params = {p["name"]: p["type"] for p in edge.get("params", [])}
            for modifier, value in modifiers.items():
                if modifier in _GENERIC_MODIFIERS:
                    continue
                kind = params.get(modifier)
                if kind is None:
                    problems.append(f"{node}.{name}: no modifier {modifier!r}")
                elif kind in self.enums and value not in self.enums[kind]:
                    problems.append(
                        f"{node}.{name}: {modifier}({value}) is not one of {self.enums[kind]}"
                    )
            problems += self._check_tree(edge["return"], children)
        return problems

    def check_params(
        self,
        node: str,
        edge_name: str,
        method: str,
        names: set[str],
        allowed_extra: set[str] = frozenset(),
    ) -> list[str]:
        edge = self.edge(node, edge_name, method)
        if edge is None:
            return [f"{method} {node}/{edge_name}: no such edge in the node specs"]
        params = {p["name"] for p in edge.get("params", [])}
        return [
            f"{method} {node}/{edge_name}: parameter {n!r} is not in the node specs"
            for n in sorted(names)
            if re.sub(r"\[\d+\]$", "", n) not in params | allowed_extra
        ]


def _node_type(kind: str) -> str:
    match = re.fullmatch(r"(?:list<)?([A-Z]\w*)>?", kind or "")
    return match.group(1) if match else ""


def parse_fields(text: str) -> list[tuple[str, dict, list]]:
    """Graph API field expansion: `a,b.limit(5).order(x){c,d{e}}` → [(name, modifiers, kids)]."""
    position = 0

    def parse_list() -> list[tuple[str, dict, list]]:
        nonlocal position
        items = []
        while position < len(text):
            match = re.compile(r"\s*([A-Za-z_][\w]*)").match(text, position)
            if not match:
                raise ValueError(f"unreadable fields at {position}: {text[position:]!r}")
            name, position = match.group(1), match.end()
            modifiers: dict[str, str] = {}
            while text.startswith(".", position):
                mod = re.compile(r"\.([A-Za-z_]\w*)\(([^)]*)\)").match(text, position)
                if not mod:
                    raise ValueError(f"unreadable modifier at {position}: {text[position:]!r}")
                modifiers[mod.group(1)] = mod.group(2)
                position = mod.end()
            children: list = []
            if text.startswith("{", position):
                position += 1
                children = parse_list()
                if not text.startswith("}", position):
                    raise ValueError("unbalanced braces in fields")
                position += 1
            items.append((name, modifiers, children))
            if text.startswith(",", position):
                position += 1
                continue
            break
        return items

    tree = parse_list()
    if position != len(text) and not text.startswith("}", position):
        raise ValueError(f"unreadable fields: {text!r}")
    return tree


@cache
def graph() -> GraphSpec:
    return GraphSpec(require_specs() / "facebook")


# --------------------------------------------------------------------------------------------
# Requests an adapter sent (as the replay server received them)
# --------------------------------------------------------------------------------------------

_GRAPH_GENERIC = {"fields", "limit", "after", "before", "since", "until"}
# The photo file travels as the multipart part "source" (Graph API photo upload docs); the
# codegen specs list the SDK's parameters and leave the file part to the SDK.
_GRAPH_FILE_PARTS = {"source"}


def pinned(network: str) -> bool:
    """The network's spec is pinned in the test tree, or written down here from its reference
    (Threads): always there, never skipped."""
    return (PINNED / network).is_dir() or network in ("threads", "youtube", "google_business")


def check_request(network: str, received) -> list[str]:
    """What the network's own spec does not allow in one request an adapter sent."""
    content_type = {k.lower(): v for k, v in received.headers.items()}.get("content-type", "")
    if network == "instagram":
        return _check_instagram_request(received, content_type)
    if network == "threads":
        return _check_threads_request(received, content_type)
    if network == "youtube":
        return _check_youtube_request(received, content_type)
    if network == "google_business":
        return _check_google_business_request(received)
    if network in ("x", "mastodon"):
        if network == "x" and received.path.startswith("/dms-uploads"):
            return []
        return openapi(network).check_request(
            received.method, received.path, received.query, received.body, content_type
        )
    if network == "facebook":
        return _check_graph_request(received, content_type)
    if network == "linkedin":
        return _check_linkedin_request(received)
    return []


def _check_graph_request(received, content_type: str) -> list[str]:
    spec = graph()
    parts = [p for p in received.path.split("/") if p]
    if parts and re.fullmatch(r"v\d+\.\d+", parts[0]):
        parts = parts[1:]
    method = received.method
    query = {k: v for k, v in received.query.items()}
    body_names = _form_field_names(received.body, content_type) if received.body else set()
    problems: list[str] = []
    if len(parts) == 1:
        object_id = parts[0]
        node = "PagePost" if "_" in object_id else "Page"
        nodes = [node, "Comment"] if "_" in object_id else [node]
        edge = ""
    elif len(parts) == 2:
        object_id, edge = parts
        nodes = ["PagePost", "Comment"] if "_" in object_id else ["Page"]
    else:
        return [f"{method} {received.path}: not a Graph API node or edge path"]
    fields = (query.pop("fields", [""]) or [""])[0]
    for name in query:
        if name not in _GRAPH_GENERIC:
            body_names.add(name)
    metric = body_names & {"metric"}
    if metric:
        for value in query.get("metric", []):
            for name in value.split(","):
                if name in WITHDRAWN_FACEBOOK_METRICS:
                    problems.append(
                        f"{method} {received.path}: metric {name!r} was withdrawn "
                        "by Meta (impressions are now views)"
                    )
    for name in ("period", "date_preset"):
        for value in query.get(name, []):
            edge_spec = spec.edge(nodes[0], edge, method)
            kinds = {p["name"]: p["type"] for p in (edge_spec or {}).get("params", [])}
            kind = kinds.get(name)
            if kind in spec.enums and value not in spec.enums[kind]:
                problems.append(
                    f"{method} {received.path}: {name}={value!r} is not one of {spec.enums[kind]}"
                )
    # A request is fine when one of the node types the id can name allows all of it.
    best: list[str] | None = None
    for node in nodes:
        found = spec.check_params(node, edge, method, body_names, _GRAPH_FILE_PARTS)
        if fields:
            edge_spec = spec.edge(node, edge, "GET")
            target = edge_spec["return"] if edge and edge_spec else node
            found += spec.check_fields_param(target, fields)
        if best is None or len(found) < len(best):
            best = found
    return problems + (best or [])


# LinkedIn publishes no machine-readable spec. What its Rest.li 2.0 protocol and versioning
# docs require of every request is checked here instead.
def _check_linkedin_request(received) -> list[str]:
    if not received.path.startswith("/rest/"):
        return []  # the image upload URL LinkedIn hands out
    headers = {k.lower(): v for k, v in received.headers.items()}
    where = f"{received.method} {received.path}"
    problems = []
    if headers.get("x-restli-protocol-version") != "2.0.0":
        problems.append(f"{where}: no X-Restli-Protocol-Version: 2.0.0")
    if not re.fullmatch(r"20\d{4}(\.\d{2})?", headers.get("linkedin-version", "")):
        problems.append(f"{where}: no LinkedIn-Version YYYYMM header")
    for name, values in received.query.items():
        if re.search(r"\[\d+\]$", name):
            problems.append(
                f"{where}: {name!r} is Rest.li 1.0 syntax; protocol 2.0 takes List(...)"
            )
        for value in values:
            if value.startswith("List(") and not value.endswith(")"):
                problems.append(f"{where}: {name}={value!r} is not a Rest.li 2.0 list")
    return problems


# --------------------------------------------------------------------------------------------
# Instagram Graph API (node specs pinned in tests/networks/pinned/instagram)
# --------------------------------------------------------------------------------------------

# Meta withdrew these media metrics from v22.0 on (January 2025: "views" replaces impressions
# and plays; developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights).
WITHDRAWN_INSTAGRAM_METRICS = frozenset(
    {
        "impressions",
        "plays",
        "clips_replays_count",
        "ig_reels_aggregated_all_plays_count",
        "video_views",
    }
)
# Which node an id in the Instagram recordings names: each kind has its own number range.
INSTAGRAM_IDS = [
    (re.compile(r"17841\d{12}"), "IGUser"),
    (re.compile(r"1788\d{13}"), "ShadowIGMediaBuilder"),  # a media container
    (re.compile(r"1785\d{13}"), "IGComment"),
    (re.compile(r"179\d{14}"), "IGMedia"),
    (re.compile(r"104857392011234"), "Page"),
    (re.compile(r"9483\d{11}"), "Photo"),
]


@cache
def instagram_graph() -> GraphSpec:
    return GraphSpec(PINNED / "instagram")


def instagram_node(object_id: str) -> str:
    """The node type an id names ("" for an Instagram message id, which has no node spec)."""
    for pattern, node in INSTAGRAM_IDS:
        if pattern.fullmatch(object_id):
            return node
    return ""


def _check_instagram_request(received, content_type: str) -> list[str]:
    where = f"{received.method} {received.path}"
    headers = {k.lower(): v for k, v in received.headers.items()}
    if received.path.startswith("/ig-api-upload/"):  # rupload.facebook.com (resumable upload)
        problems = []
        if not headers.get("authorization", "").startswith("OAuth "):
            problems.append(f"{where}: the upload is authorised with 'OAuth <token>'")
        if headers.get("offset") is None or headers.get("file_size") != str(len(received.body)):
            problems.append(f"{where}: offset and file_size (the body's size) are required")
        return problems
    spec = instagram_graph()
    parts = [p for p in received.path.split("/") if p]
    if not parts or not re.fullmatch(r"v\d+\.\d+", parts[0]) or len(parts) not in (2, 3):
        return [f"{where}: not a Graph API node or edge path"]
    node = instagram_node(parts[1])
    if not node:
        return [] if parts[1].startswith("aW") else [f"{where}: an id of no known node"]
    edge = parts[2] if len(parts) == 3 else ""
    query = dict(received.query)
    fields = (query.pop("fields", [""]) or [""])[0]
    names = _form_field_names(received.body, content_type) if received.body else set()
    names |= {name for name in query if name not in _GRAPH_GENERIC}
    problems = spec.check_params(node, edge, received.method, names, _GRAPH_FILE_PARTS)
    if fields:
        edge_spec = spec.edge(node, edge, "GET")
        problems += spec.check_fields_param(
            edge_spec["return"] if edge and edge_spec else node, fields
        )
    edge_spec = spec.edge(node, edge, received.method) or {}
    kinds = {p["name"]: p["type"] for p in edge_spec.get("params", [])}
    for name in ("metric", "period", "platform"):
        kind = re.sub(r"^list<(.*)>$", r"\1", kinds.get(name, ""))
        for value in query.get(name, []):
            for part in value.split(","):
                if name == "metric" and part in WITHDRAWN_INSTAGRAM_METRICS:
                    problems.append(
                        f"{where}: metric {part!r} was withdrawn by Meta (views replaces it)"
                    )
                elif kind in spec.enums and part.upper() not in {
                    v.upper() for v in spec.enums[kind]
                }:
                    problems.append(f"{where}: {name}={part!r} is not one of {spec.enums[kind]}")
    return problems


# --------------------------------------------------------------------------------------------
# Threads API: Meta publishes no machine-readable spec for it. Its reference
# (developers.facebook.com/docs/threads: Posts, Threads Media, Reply Management, Insights,
# Troubleshooting) is written down here: each endpoint's parameters, fields and enum values.
# --------------------------------------------------------------------------------------------


@cache
def threads_rate_limits() -> dict:
    """Threads' documented rate limits, pinned in tests/networks/pinned/threads."""
    return json.loads((PINNED / "threads" / "rate_limits.json").read_text("utf-8"))


THREADS_MEDIA_FIELDS = frozenset(
    {
        "id",
        "media_product_type",
        "media_type",
        "media_url",
        "gif_url",
        "permalink",
        "owner",
        "username",
        "text",
        "timestamp",
        "shortcode",
        "thumbnail_url",
        "children",
        "is_quote_post",
        "quoted_post",
        "reposted_post",
        "alt_text",
        "link_attachment_url",
        "has_replies",
        "root_post",
        "replied_to",
        "is_reply",
        "is_reply_owned_by_me",
        "hide_status",
        "reply_audience",
        "topic_tag",
        "is_verified",
        "profile_picture_url",
    }
)
THREADS_PAGING = frozenset({"fields", "limit", "since", "until", "before", "after"})
THREADS_METRICS = frozenset({"views", "likes", "replies", "reposts", "quotes", "shares", "clicks"})
# (method, what the path names) → (parameters, fields, enum values by parameter)
THREADS_ENDPOINTS: dict[tuple[str, str], tuple[frozenset, frozenset, dict]] = {
    ("POST", "user/threads"): (
        frozenset(
            {
                "media_type",
                "text",
                "image_url",
                "video_url",
                "is_carousel_item",
                "children",
                "reply_to_id",
                "alt_text",
                "link_attachment",
                "reply_control",
                "topic_tag",
                "quote_post_id",
                "allowlisted_country_codes",
                "location_id",
                "auto_publish_text",
            }
        ),
        frozenset(),
        {
            "media_type": {"TEXT", "IMAGE", "VIDEO", "CAROUSEL"},
            "reply_control": {
                "everyone",
                "accounts_you_follow",
                "mentioned_only",
                "parent_post_author_only",
                "followers_only",
            },
        },
    ),
    ("POST", "user/threads_publish"): (frozenset({"creation_id"}), frozenset(), {}),
    ("GET", "user/threads"): (THREADS_PAGING, THREADS_MEDIA_FIELDS, {}),
    ("GET", "user/mentions"): (THREADS_PAGING, THREADS_MEDIA_FIELDS, {}),
    ("GET", "user/threads_publishing_limit"): (
        frozenset({"fields"}),
        frozenset(
            name
            for kind in threads_rate_limits()["profile_quotas"]["kinds"].values()
            for name in (kind["usage"], kind["config"])
        ),
        {},
    ),
    ("GET", "container"): (frozenset({"fields"}), frozenset({"id", "status", "error_message"}), {}),
    ("GET", "media"): (frozenset({"fields"}), THREADS_MEDIA_FIELDS, {}),
    ("DELETE", "media"): (frozenset(), frozenset(), {}),
    ("GET", "media/conversation"): (
        THREADS_PAGING | {"reverse"},
        THREADS_MEDIA_FIELDS,
        {"reverse": {"true", "false"}},
    ),
    ("GET", "media/replies"): (
        THREADS_PAGING | {"reverse"},
        THREADS_MEDIA_FIELDS,
        {"reverse": {"true", "false"}},
    ),
    ("GET", "media/insights"): (frozenset({"metric"}), frozenset(), {"metric": THREADS_METRICS}),
    ("POST", "media/manage_reply"): (frozenset({"hide"}), frozenset(), {"hide": {"true", "false"}}),
}
# Which kind of object an id in the Threads recordings names.
THREADS_IDS = [(re.compile(r"2518734\d{10}"), "user"), (re.compile(r"1790061\d{10}"), "container")]


def _check_threads_request(received, content_type: str) -> list[str]:
    where = f"{received.method} {received.path}"
    parts = [p for p in received.path.split("/") if p]
    if len(parts) not in (2, 3) or parts[0] != "v1.0":
        return [f"{where}: not a Threads API path (v1.0)"]
    kind = next((k for pattern, k in THREADS_IDS if pattern.fullmatch(parts[1])), "media")
    key = (received.method, kind + (f"/{parts[2]}" if len(parts) == 3 else ""))
    if key not in THREADS_ENDPOINTS:
        return [f"{where}: no such Threads API endpoint ({key[1]})"]
    params, fields, enums = THREADS_ENDPOINTS[key]
    values = {k: v[0] for k, v in received.query.items()}
    if received.body:
        values.update(
            {
                k: v[0]
                for k, v in parse_qs(
                    received.body.decode("utf-8", "replace"), keep_blank_values=True
                ).items()
            }
        )
    problems = [
        f"{where}: parameter {name!r} is not in the Threads reference"
        for name in sorted(set(values) - params)
    ]
    for name in (values.get("fields") or "").split(","):
        if name and name not in fields:
            problems.append(f"{where}: field {name!r} is not in the Threads reference")
    for name, allowed in enums.items():
        for part in (values.get(name) or "").split(",") if name in values else []:
            if part not in allowed:
                problems.append(f"{where}: {name}={part!r} is not one of {sorted(allowed)}")
    return problems


# --------------------------------------------------------------------------------------------
# YouTube Data API v3: the methods the adapter uses and the resources it reads, written down
# from Google's discovery document (youtube:v3, as shipped in google-api-python-client's
# discovery_cache/documents/youtube.v3.json; the whole document, 470 kB, is not copied here).
# Fields are read closed: a name the resource does not define fails.
# --------------------------------------------------------------------------------------------

YOUTUBE_GLOBAL = frozenset(
    {
        "fields",
        "key",
        "alt",
        "prettyPrint",
        "quotaUser",
        "uploadType",
        "upload_protocol",
        "upload_id",
        "$.xgafv",
        "callback",
    }
)
YOUTUBE_METHODS: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/youtube/v3/commentThreads"): {
        "params": {
            "part",
            "allThreadsRelatedToChannelId",
            "channelId",
            "id",
            "maxResults",
            "moderationStatus",
            "order",
            "pageToken",
            "postId",
            "searchTerms",
            "textFormat",
            "videoId",
        },
        "enums": {
            "moderationStatus": {"published", "heldForReview", "likelySpam"},
            "order": {"orderUnspecified", "time", "relevance"},
            "textFormat": {"textFormatUnspecified", "html", "plainText"},
            "part": {"id", "snippet", "replies"},
        },
    },
    ("POST", "/youtube/v3/comments"): {
        "params": {"part"},
        "body": "Comment",
        "enums": {"part": {"id", "snippet"}},
    },
    ("POST", "/youtube/v3/comments/setModerationStatus"): {
        "params": {"id", "moderationStatus", "banAuthor"},
        "enums": {
            "moderationStatus": {"published", "heldForReview", "likelySpam", "rejected"},
            "banAuthor": {"true", "false"},
        },
    },
    ("DELETE", "/youtube/v3/comments"): {"params": {"id"}},
    ("GET", "/youtube/v3/videos"): {
        "params": {
            "part",
            "chart",
            "id",
            "hl",
            "locale",
            "maxHeight",
            "maxResults",
            "maxWidth",
            "myRating",
            "onBehalfOfContentOwner",
            "pageToken",
            "regionCode",
            "videoCategoryId",
        },
        "enums": {
            "part": {
                "id",
                "snippet",
                "contentDetails",
                "fileDetails",
                "player",
                "processingDetails",
                "recordingDetails",
                "statistics",
                "status",
                "suggestions",
                "topicDetails",
                "liveStreamingDetails",
                "localizations",
                "paidProductPlacementDetails",
            }
        },
    },
    ("DELETE", "/youtube/v3/videos"): {"params": {"id", "onBehalfOfContentOwner"}},
    ("POST", "/upload/youtube/v3/videos"): {
        "params": {
            "part",
            "autoLevels",
            "notifySubscribers",
            "onBehalfOfContentOwner",
            "onBehalfOfContentOwnerChannel",
            "stabilize",
        },
        "body": "Video",
        "enums": {
            "part": {
                "snippet",
                "status",
                "contentDetails",
                "recordingDetails",
                "localizations",
                "statistics",
                "player",
                "topicDetails",
            },
            "uploadType": {"resumable", "multipart", "media"},
        },
    },
    ("PUT", "/upload/youtube/v3/videos"): {"params": set(), "raw": True},
    ("POST", "/upload/youtube/v3/captions"): {
        "params": {"part", "onBehalfOf", "onBehalfOfContentOwner", "sync"},
        "raw": True,
        "enums": {"part": {"id", "snippet"}, "uploadType": {"multipart", "resumable"}},
    },
    ("GET", "/youtube/v3/channels"): {
        "params": {
            "part",
            "mine",
            "id",
            "forHandle",
            "forUsername",
            "managedByMe",
            "hl",
            "maxResults",
            "pageToken",
            "onBehalfOfContentOwner",
            "categoryId",
        }
    },
}
YOUTUBE_RESOURCES: dict[str, dict[str, str]] = {
    # field → the resource it holds ("" for a plain value or a map)
    "Video": {
        "kind": "",
        "etag": "",
        "id": "",
        "snippet": "VideoSnippet",
        "contentDetails": "",
        "status": "VideoStatus",
        "statistics": "VideoStatistics",
        "player": "",
        "topicDetails": "",
        "recordingDetails": "",
        "fileDetails": "",
        "processingDetails": "",
        "suggestions": "",
        "liveStreamingDetails": "",
        "localizations": "",
        "ageGating": "",
        "monetizationDetails": "",
        "projectDetails": "",
        "paidProductPlacementDetails": "",
    },
    "VideoSnippet": {
        k: ""
        for k in (
            "publishedAt",
            "channelId",
            "title",
            "description",
            "thumbnails",
            "channelTitle",
            "tags",
            "categoryId",
            "liveBroadcastContent",
            "defaultLanguage",
            "localized",
            "defaultAudioLanguage",
        )
    },
    "VideoStatus": {
        k: ""
        for k in (
            "uploadStatus",
            "failureReason",
            "rejectionReason",
            "privacyStatus",
            "publishAt",
            "license",
            "embeddable",
            "publicStatsViewable",
            "madeForKids",
            "selfDeclaredMadeForKids",
            "containsSyntheticMedia",
        )
    },
    "VideoStatistics": {
        k: "" for k in ("viewCount", "likeCount", "dislikeCount", "favoriteCount", "commentCount")
    },
    "VideoListResponse": {
        "kind": "",
        "etag": "",
        "nextPageToken": "",
        "prevPageToken": "",
        "pageInfo": "",
        "tokenPagination": "",
        "visitorId": "",
        "eventId": "",
        "items": "Video",
    },
    "CommentThreadListResponse": {
        "kind": "",
        "etag": "",
        "nextPageToken": "",
        "pageInfo": "",
        "tokenPagination": "",
        "visitorId": "",
        "eventId": "",
        "items": "CommentThread",
    },
    "CommentThread": {
        "kind": "",
        "etag": "",
        "id": "",
        "snippet": "CommentThreadSnippet",
        "replies": "CommentThreadReplies",
    },
    "CommentThreadSnippet": {
        "channelId": "",
        "videoId": "",
        "topLevelComment": "Comment",
        "canReply": "",
        "totalReplyCount": "",
        "isPublic": "",
    },
    "CommentThreadReplies": {"comments": "Comment"},
    "Comment": {"kind": "", "etag": "", "id": "", "snippet": "CommentSnippet"},
    "CommentSnippet": {
        k: ""
        for k in (
            "authorDisplayName",
            "authorProfileImageUrl",
            "authorChannelUrl",
            "authorChannelId",
            "channelId",
            "videoId",
            "textDisplay",
            "textOriginal",
            "parentId",
            "canRate",
            "viewerRating",
            "likeCount",
            "moderationStatus",
            "publishedAt",
            "updatedAt",
            "postId",
        )
    },
    "Caption": {"kind": "", "etag": "", "id": "", "snippet": "CaptionSnippet"},
    "CaptionSnippet": {
        k: ""
        for k in (
            "videoId",
            "lastUpdated",
            "trackKind",
            "language",
            "name",
            "audioTrackType",
            "isCC",
            "isLarge",
            "isEasyReader",
            "isDraft",
            "isAutoSynced",
            "status",
            "failureReason",
        )
    },
}


def youtube_resource_problems(resource: str, data: Any, where: str = "") -> list[str]:
    """Every key of a YouTube resource (and of the resources inside it) must be defined."""
    fields = YOUTUBE_RESOURCES.get(resource)
    if fields is None or not isinstance(data, dict):
        return []
    problems = []
    for key, value in data.items():
        here = f"{where}.{key}" if where else key
        if key not in fields:
            problems.append(f"{resource}: {here!r} is not a field of {resource}")
            continue
        inner = fields[key]
        for item in value if isinstance(value, list) else [value]:
            problems += youtube_resource_problems(inner, item, here)
    return problems


def _check_youtube_request(received, content_type: str) -> list[str]:
    where = f"{received.method} {received.path}"
    method = YOUTUBE_METHODS.get((received.method, received.path))
    if method is None:
        return [f"{where}: no such method in the YouTube Data API v3"]
    problems = [
        f"{where}: parameter {name!r} is not in the discovery document"
        for name in sorted(set(received.query) - method["params"] - YOUTUBE_GLOBAL)
    ]
    for name, allowed in (method.get("enums") or {}).items():
        for value in received.query.get(name, []):
            for part in value.split(",") if name == "part" else [value]:
                if part not in allowed:
                    problems.append(f"{where}: {name}={part!r} is not one of {sorted(allowed)}")
    if method.get("body") and received.body:
        problems += [
            f"{where} body → {p}"
            for p in youtube_resource_problems(method["body"], json.loads(received.body))
        ]
    return problems


# --------------------------------------------------------------------------------------------
# Google Business Profile API v4 (reviews and local posts): written down from its REST
# reference (developers.google.com/my-business/reference/rest/v4: accounts.locations.reviews,
# accounts.locations.localPosts, and the Review, ReviewReply, LocalPost, LocalPostEvent,
# MediaItem resources). v4 has no published discovery document.
# --------------------------------------------------------------------------------------------

GBP_RESOURCES: dict[str, dict[str, str]] = {
    "ListReviewsResponse": {
        "reviews": "Review",
        "averageRating": "",
        "totalReviewCount": "",
        "nextPageToken": "",
    },
    "Review": {
        "name": "",
        "reviewId": "",
        "reviewer": "Reviewer",
        "starRating": "",
        "comment": "",
        "createTime": "",
        "updateTime": "",
        "reviewReply": "ReviewReply",
    },
    "Reviewer": {"profilePhotoUrl": "", "displayName": "", "isAnonymous": ""},
    "ReviewReply": {"comment": "", "updateTime": ""},
    "LocalPost": {
        "name": "",
        "languageCode": "",
        "summary": "",
        "callToAction": "",
        "createTime": "",
        "updateTime": "",
        "event": "LocalPostEvent",
        "state": "",
        "media": "MediaItem",
        "searchUrl": "",
        "topicType": "",
        "alertType": "",
        "offer": "",
    },
    "LocalPostEvent": {"title": "", "schedule": "TimeInterval"},
    "TimeInterval": {"startDate": "", "startTime": "", "endDate": "", "endTime": ""},
    "MediaItem": {
        "name": "",
        "mediaFormat": "",
        "locationAssociation": "",
        "googleUrl": "",
        "thumbnailUrl": "",
        "createTime": "",
        "dimensions": "",
        "insights": "",
        "attribution": "",
        "description": "",
        "sourceUrl": "",
        "dataRef": "",
    },
}
GBP_ENUMS = {
    "starRating": {"STAR_RATING_UNSPECIFIED", "ONE", "TWO", "THREE", "FOUR", "FIVE"},
    "topicType": {"LOCAL_POST_TOPIC_TYPE_UNSPECIFIED", "STANDARD", "EVENT", "OFFER", "ALERT"},
    "mediaFormat": {"MEDIA_FORMAT_UNSPECIFIED", "PHOTO", "VIDEO"},
    "state": {"LOCAL_POST_STATE_UNSPECIFIED", "REJECTED", "LIVE", "PROCESSING"},
}
_GBP_LOCATION = r"/v4/accounts/[^/]+/locations/[^/]+"
GBP_METHODS = [
    ("GET", re.compile(_GBP_LOCATION + "/reviews"), {"pageSize", "pageToken", "orderBy"}, ""),
    ("PUT", re.compile(_GBP_LOCATION + "/reviews/[^/]+/reply"), set(), "ReviewReply"),
    ("DELETE", re.compile(_GBP_LOCATION + "/reviews/[^/]+/reply"), set(), ""),
    ("POST", re.compile(_GBP_LOCATION + "/localPosts"), set(), "LocalPost"),
    ("DELETE", re.compile(_GBP_LOCATION + "/localPosts/[^/]+"), set(), ""),
]


def gbp_resource_problems(resource: str, data: Any, where: str = "") -> list[str]:
    fields = GBP_RESOURCES.get(resource)
    if fields is None or not isinstance(data, dict):
        return []
    problems = []
    for key, value in data.items():
        here = f"{where}.{key}" if where else key
        if key not in fields:
            problems.append(f"{resource}: {here!r} is not a field of {resource}")
            continue
        if key in GBP_ENUMS and value not in GBP_ENUMS[key]:
            problems.append(f"{resource}: {here}={value!r} is not one of {sorted(GBP_ENUMS[key])}")
        for item in value if isinstance(value, list) else [value]:
            problems += gbp_resource_problems(fields[key], item, here)
    return problems


def _check_google_business_request(received) -> list[str]:
    where = f"{received.method} {received.path}"
    for method, pattern, params, body in GBP_METHODS:
        if method == received.method and pattern.fullmatch(received.path):
            problems = [
                f"{where}: parameter {name!r} is not in the reference"
                for name in sorted(set(received.query) - params - {"fields", "key"})
            ]
            for value in received.query.get("orderBy", []):
                if value not in ("rating", "rating desc", "updateTime desc"):
                    problems.append(f"{where}: orderBy={value!r} is not one the API takes")
            if body and received.body:
                problems += [
                    f"{where} body → {p}"
                    for p in gbp_resource_problems(body, json.loads(received.body))
                ]
            return problems
    return [f"{where}: no such Business Profile v4 method"]
