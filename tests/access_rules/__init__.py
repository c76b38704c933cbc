"""Who gets what from each URL: shared by tests/test_every_url_has_an_access_rule.py and
the per-app tables in this package (each a module with an EXPECTED dict)."""

WHO = ["anonymous", "admin", "officer", "contributor", "viewer", "outsider"]


def everyone(status):
    return dict.fromkeys(WHO, status)


def desk(allowed, *, denied=403, anonymous=302, **overrides):
    """Signed-in members in `allowed` get 200, others `denied`; anonymous goes to log in."""
    table = {who: (200 if who in allowed else denied) for who in WHO}
    table["anonymous"] = anonymous
    table.update(overrides)
    return table


ALL_MEMBERS = {"admin", "officer", "contributor", "viewer", "outsider"}
DESK_ROLES = {"admin", "officer", "contributor", "outsider"}  # outsider is its own org's admin
