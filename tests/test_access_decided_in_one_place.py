"""Who may do what is decided in sociable/accounts/access.py and nowhere else.

Everywhere else asks access.py (`can`, `visible_posts`, `may_override_guard`, ...) and templates
read `may.<capability>` (accounts/context_processors.py). This test reads every Python file and
template under sociable/ and fails, naming file and line, on a decision made by role there:

- Python: a comparison with a member's `.role`, with a `Role.<member>`, or of a role's value
  ("admin", "officer", ...) with something named after a role; a `match` on a role; a query
  filtering on a role (`filter(role=...)`, `memberships__role=...`, `Q(role=...)`).
- Templates: `.role` in any tag, and `{% if %}` on a role's value or `get_role_display`.

And every view is guarded by one of access.py's decorators (or, for the REST API, by the
scope its permission class checks with access.py's capabilities): no app keeps one of its own.

Giving a role is not deciding by it: creating a member as an officer (seed data, benches),
the role field's choices and default, and comparing a role with the role it had (`role !=
before_role`, to record a change) are not flagged. Migrations are not read.
"""

import ast
import re
from pathlib import Path

from sociable.accounts import access
from sociable.accounts.models import Role
from sociable.api.scopes import Scope
from sociable.api.views.base import ApiView
from tests.test_every_url_has_an_access_rule import walk

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sociable"
THE_ONE_PLACE = PACKAGE / "accounts" / "access.py"

ROLE_VALUES = frozenset(Role.values)
ROLE_MEMBERS = frozenset(Role.names)
LOOKUPS = {
    "filter",
    "exclude",
    "get",
    "get_or_create",
    "update_or_create",
    "Q",
    "aget",
    "aget_or_create",
    "aupdate_or_create",
}


def _is_role_member(node) -> bool:
    """`Role.ADMIN`, `models.Role.ADMIN`."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr in ROLE_MEMBERS
        and isinstance(node.value, (ast.Name, ast.Attribute))
        and getattr(node.value, "id", getattr(node.value, "attr", None)) == "Role"
    )


def _is_role_value(node) -> bool:
    """A role's value ("admin"), or a tuple, list or set holding one."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_role_value(element) for element in node.elts)
    return isinstance(node, ast.Constant) and node.value in ROLE_VALUES


def _holds_role_member(node) -> bool:
    return any(_is_role_member(inner) for inner in ast.walk(node))


def _is_members_role(node) -> bool:
    """`membership.role`, `request.membership.role`."""
    return isinstance(node, ast.Attribute) and node.attr == "role"


def _names_a_role(node) -> bool:
    """Something whose name says it holds a role: `role`, `new_role`, `data["role"]`,
    `m.get_role_display()`."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and "role" in inner.id.lower():
            return True
        if isinstance(inner, ast.Attribute) and "role" in inner.attr.lower():
            return True
        if isinstance(inner, ast.Constant) and inner.value == "role":
            return True
    return False


def _is_role_lookup(keyword: str | None) -> bool:
    return keyword is not None and (
        keyword == "role" or keyword.startswith("role__") or "__role" in keyword
    )


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def python_decisions(source: str) -> list[int]:
    """Lines of `source` that decide something by role."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if (
                any(_is_members_role(side) for side in sides)
                or any(_holds_role_member(side) for side in sides)
                or (
                    any(_is_role_value(side) for side in sides)
                    and any(_names_a_role(side) for side in sides)
                )
            ):
                lines.append(node.lineno)
        elif isinstance(node, ast.Match):
            if _names_a_role(node.subject) or any(
                _holds_role_member(case.pattern) for case in node.cases
            ):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and _call_name(node) in LOOKUPS:
            if any(_is_role_lookup(keyword.arg) for keyword in node.keywords):
                lines.append(node.lineno)
    return sorted(set(lines))


TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
IF_TAG = re.compile(r"{%-?\s*(?:if|elif)\b")
MEMBERS_ROLE = re.compile(r"\.role\b|\brole\s*(?:==|!=|\bin\b|\bnot\s+in\b)")
QUOTED_ROLES = "|".join(re.escape(value) for value in sorted(ROLE_VALUES))
ROLE_TEXT = re.compile(rf"""["'](?:{QUOTED_ROLES})["']|\bget_role_display\b""")


def template_decisions(text: str) -> list[int]:
    """Lines of a template that decide something by role."""
    lines = []
    for tag in TEMPLATE_TAG.finditer(text):
        body = tag.group()
        if MEMBERS_ROLE.search(body) or (IF_TAG.match(body) and ROLE_TEXT.search(body)):
            lines.append(text.count("\n", 0, tag.start()) + 1)
    return sorted(set(lines))


def decisions_outside_access() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if path == THE_ONE_PLACE or "migrations" in path.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            lines = python_decisions(path.read_text())
        elif path.suffix in (".html", ".txt") and "templates" in path.parts:
            lines = template_decisions(path.read_text())
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{line}" for line in lines]
    return found


def test_roles_are_compared_only_in_accounts_access():
    found = decisions_outside_access()
    assert not found, (
        "Decided by role outside sociable/accounts/access.py (decide there, with a capability, "
        "a predicate or a queryset, and ask it; templates read may.<capability>):\n"
        + "\n".join(found)
    )


def test_a_role_comparison_in_python_is_caught():
    planted = (
        "if membership.role == Role.CONTRIBUTOR:\n"  # 1
        "    pass\n"
        'if request.membership.role in ("admin", "officer"):\n'  # 3
        "    pass\n"
        'allowed = role == "viewer"\n'  # 5
        "admins = Membership.objects.filter(user=user, role=Role.ADMIN)\n"  # 6
        'posts = Post.objects.filter(author__memberships__role="officer")\n'  # 7
        "match membership.role:\n"  # 8
        '    case "admin":\n'
        "        pass\n"
        "if Role.ADMIN != kind:\n"  # 11
        "    pass\n"
    )
    assert python_decisions(planted) == [1, 3, 5, 6, 7, 8, 11]


def test_giving_a_role_is_not_deciding_by_it():
    given = (
        "Membership.objects.create(user=user, organisation=org, role=Role.OFFICER)\n"
        'USERS = [("admin", "Gareth", Role.ADMIN)]\n'
        "role = models.CharField(choices=Role.choices, default=Role.VIEWER)\n"
        "if role != before_role:\n"
        "    membership.role = role\n"
        'if username == "admin":\n'
        "    pass\n"
        "label = Role(role).label\n"
    )
    assert python_decisions(given) == []


def test_a_role_comparison_in_a_template_is_caught():
    planted = (
        '{% if membership.role == "admin" %}<a>People</a>{% endif %}\n'  # 1
        '<div role="status">{{ membership.get_role_display }}</div>\n'
        "{% if may.manage_people %}<a>People</a>{% endif %}\n"
        '<div data-role="{{ membership.role }}"></div>\n'  # 4
        '{% elif membership.get_role_display == "Admin" %}\n'  # 5
        '{% if kind == "contributor" %}\n'  # 6
    )
    assert template_decisions(planted) == [1, 4, 5, 6]


def ruled_elsewhere(patterns=None) -> list[str]:
    """Views whose access is not checked by a decorator of access.py: signed-in, member and
    capability rules come from its wrappers; API views check their scope with the API's
    permission class (api/scopes.py maps each scope onto a capability); a public view is only
    marked."""
    found = []
    for _, name, view in walk(patterns):
        rule = access.access_rule_of(view)
        if name.startswith("admin:") or rule == access.PUBLIC:
            continue
        if str(rule).startswith("api "):
            decided = issubclass(getattr(view, "view_class", object), ApiView) and (
                rule.removeprefix("api ") in set(Scope)
            )
        else:
            code = getattr(view, "__code__", None)
            decided = code is not None and Path(code.co_filename) == Path(access.__file__)
        if not decided:
            found.append(f"{name}: {rule}")
    return found


def test_every_view_is_ruled_by_access_py():
    assert ruled_elsewhere() == []


def test_a_decorator_of_its_own_is_caught():
    from functools import wraps

    from django.http import HttpResponse
    from django.urls import path

    def members_only(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapper.access_rule = access.MEMBER
        return wrapper

    @members_only
    def tokens(request):
        return HttpResponse("tokens")

    @access.member_required
    def also_tokens(request):
        return HttpResponse("tokens")

    assert ruled_elsewhere(
        [path("a/", tokens, name="own"), path("b/", also_tokens, name="shared")]
    ) == ["own: member"]
