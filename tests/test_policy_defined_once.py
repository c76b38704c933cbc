"""One place decides: the routes and the urgent routes are named once (``Route`` and
``URGENT_ROUTES`` in triage/verdict.py) and every helpline number is written once
(triage/signposting.py). Models, forms, templates and replies take them from there, so changing
a number or adding a route is one edit; these tests fail on a second copy."""

import ast
import re
from pathlib import Path

import pytest
from django.test import Client

from sociable.accounts.models import Organisation
from sociable.triage import signposting
from sociable.triage.verdict import URGENT_ROUTES, Route

SOCIABLE = Path(__file__).resolve().parents[1] / "sociable"
NUMBERS_MODULE = "triage/signposting.py"
# Migrations applied before the numbers had one place keep the words they were applied with (an
# applied migration is not rewritten); accounts 0005 switched the out-of-hours default to
# signposting.default_out_of_hours_reply.
APPLIED_WITH_A_NUMBER = {
    "accounts/migrations/0002_organisation_alert_include_text_and_more.py",
    "inbox/migrations/0004_seed_medical_emergency_saved_reply.py",
}
# Rules that recognise the numbers in what people write ("called 999"), not signposting.
RECOGNISES_THE_NUMBERS = {"triage/crisis.py"}
ROUTE_NAMES = {route.value for route in Route}


def number_pattern(number: str) -> re.Pattern:
    """The number as people write it, with or without its spaces, not inside a longer number
    or a decimal (0.999)."""
    digits = r"[\s-]?".join(re.escape(part) for part in number.split())
    return re.compile(rf"(?<![\w.]){digits}(?!\w)")


def sources(*suffixes: str):
    for path in sorted(SOCIABLE.rglob("*")):
        if path.suffix in suffixes and path.is_file():
            yield path.relative_to(SOCIABLE).as_posix(), path.read_text("utf-8")


def numbers_written_outside_the_one_place(files) -> list[str]:
    patterns = {number: number_pattern(number) for number in signposting.NUMBERS}
    found = []
    for name, text in files:
        if name == NUMBERS_MODULE or name in APPLIED_WITH_A_NUMBER | RECOGNISES_THE_NUMBERS:
            continue
        for number, pattern in patterns.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line} writes {number}")
    return found


COLLECTION = ast.Set | ast.Tuple | ast.List


def route_names_in(node: ast.AST) -> set[str]:
    """The route names written as string literals in this expression: a collection's items and
    its pairs' items ([("crisis", "Crisis"), …]), or anywhere in a condition."""
    if isinstance(node, COLLECTION):
        children = [
            *node.elts,
            *(e for pair in node.elts if isinstance(pair, COLLECTION) for e in pair.elts),
        ]
    else:
        children = list(ast.walk(node))
    return {
        child.value
        for child in children
        if isinstance(child, ast.Constant) and child.value in ROUTE_NAMES
    }


def route_sets_in_python(name: str, text: str) -> list[str]:
    """A set, tuple or list of two or more route names, or a condition naming two or more
    routes (route == "crisis" or route == "safeguarding"): a route list spelt again."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, COLLECTION | ast.BoolOp):
            names = route_names_in(node)
            if len(names) >= 2:
                found.append(f"{name}:{node.lineno} spells the routes {sorted(names)}")
    return found


TEMPLATE_TAG = re.compile(r"{%.*?%}", re.S)
QUOTED = re.compile(r"""["']([a-z_]+)["']""")


def route_sets_in_template(name: str, text: str) -> list[str]:
    found = []
    for tag in TEMPLATE_TAG.finditer(text):
        names = set(QUOTED.findall(tag.group())) & ROUTE_NAMES
        if len(names) >= 2:
            line = text.count("\n", 0, tag.start()) + 1
            found.append(f"{name}:{line} spells the routes {sorted(names)}")
    return found


def route_lists_outside_triage(py_files, templates) -> list[str]:
    found = []
    for name, text in py_files:
        # Migrations hold Django's frozen copy of the model choices.
        if name.startswith("triage/") or "/migrations/" in name:
            continue
        found += route_sets_in_python(name, text)
    for name, text in templates:
        found += route_sets_in_template(name, text)
    return found


def test_no_helpline_number_is_written_outside_the_signposting_module():
    files = sources(".py", ".html", ".txt")
    assert numbers_written_outside_the_one_place(files) == []


def test_the_check_finds_a_number_written_elsewhere():
    planted = [
        ("inbox/banner.py", 'TEXT = "Samaritans are there day and night on 116 123."'),
        ("templates/inbox/x.html", "<p>Text SHOUT to 85258 or call 999.</p>"),
        ("accounts/forms.py", 'HELP = "Urgent signposting (NHS 111) is added."'),
        ("reports/demo.py", 'NOT_A_NUMBER = "recall 0.999 and ext. 41116"'),
    ]
    assert numbers_written_outside_the_one_place(planted) == [
        "inbox/banner.py:1 writes 116 123",
        "templates/inbox/x.html:1 writes 999",
        "templates/inbox/x.html:1 writes 85258",
        "accounts/forms.py:1 writes 111",
    ]


def test_every_number_in_the_signposting_is_one_the_check_looks_for():
    """A helpline added to the signposting texts without adding it to NUMBERS would escape."""
    texts = " ".join(
        [
            signposting.CRISIS,
            signposting.URGENT,
            signposting.CLINICAL,
            signposting.FOOTER,
            *signposting.variables().values(),
            *(signposting.crisis(n) for n in ("wales", "scotland", "northern_ireland")),
            *signposting.VARIABLE_DESCRIPTIONS.values(),
            *map(signposting.banner, signposting.LABELS),
            *signposting.ALERT_LINES.values(),
            *(
                item["contact"]
                for item in (
                    signposting.NSPCC,
                    signposting.SAMARITANS,
                    signposting.SHOUT,
                    signposting.EMERGENCY_999,
                )
            ),
        ]
    )
    written = {re.sub(r"\s", "", n) for n in re.findall(r"(?<![\w.])\d[\d ]{1,12}\d(?!\w)", texts)}
    assert written <= {n.replace(" ", "") for n in signposting.NUMBERS}


def test_no_route_list_or_urgent_set_is_spelt_outside_triage():
    assert route_lists_outside_triage(sources(".py"), sources(".html", ".txt")) == []


def test_the_check_finds_a_route_list_spelt_again():
    planted_py = [
        ("inbox/clocks.py", 'ROUND_THE_CLOCK = frozenset({"crisis", "safeguarding"})'),
        ("inbox/actions.py", 'if route in ("crisis", "safeguarding"):\n    pass'),
        ("inbox/models.py", 'ROUTES = [("crisis", "Crisis"), ("safeguarding", "Safeguarding")]'),
        ("inbox/alerts.py", 'urgent = route == "crisis" or route == "safeguarding"'),
        ("inbox/replies.py", 'fine = route == "crisis" and kind == "x"'),
        ("triage/engine.py", 'URGENT = {"crisis", "safeguarding"}'),
    ]
    planted_html = [
        (
            "templates/listening/search.html",
            "{% if m.route == 'crisis' or m.route == 'safeguarding' %}red{% endif %}",
        )
    ]
    assert route_lists_outside_triage(planted_py, planted_html) == [
        "inbox/clocks.py:1 spells the routes ['crisis', 'safeguarding']",
        "inbox/actions.py:1 spells the routes ['crisis', 'safeguarding']",
        "inbox/models.py:1 spells the routes ['crisis', 'safeguarding']",
        "inbox/alerts.py:1 spells the routes ['crisis', 'safeguarding']",
        "templates/listening/search.html:1 spells the routes ['crisis', 'safeguarding']",
    ]


def test_the_desk_takes_the_routes_from_triage():
    from sociable.inbox import clocks
    from sociable.inbox.models import ROUTES, Conversation

    assert [value for value, _ in ROUTES] == [route.value for route in Route]
    assert clocks.ROUND_THE_CLOCK is URGENT_ROUTES
    assert Conversation(route="safeguarding").is_urgent
    assert not Conversation(route="complaint").is_urgent


def test_the_out_of_hours_default_is_read_from_the_signposting_module():
    field = Organisation._meta.get_field("auto_reply_text")
    assert field.default is signposting.default_out_of_hours_reply
    assert signposting.URGENT in field.get_default()


@pytest.mark.django_db
def test_the_footer_signposting_comes_from_the_one_place():
    page = Client().get("/login/").content.decode()
    assert signposting.FOOTER in page
