from sociable.accounts.access import Capability, can, permissions

NAVIGATION = [
    ("Inbox", "inbox", Capability.VIEW_INBOX),
    ("Publish", "publish", Capability.DRAFT_POSTS),
    ("Calendar", "calendar", Capability.VIEW_CALENDAR),
    ("Listening", "listening", Capability.VIEW_LISTENING),
    ("Reports", "reports", Capability.VIEW_REPORTS),
    ("Settings", "settings", Capability.VIEW_SETTINGS),
]


def desk(request):
    membership = getattr(request, "membership", None)
    if not membership:
        return {"membership": None, "navigation": [], "may": permissions(None)}
    return {
        "membership": membership,
        "may": permissions(membership),  # {% if may.publish %}: what the views would allow
        "organisation": membership.organisation,
        "navigation": [
            {"label": label, "url_name": name}
            for label, name, capability in NAVIGATION
            if can(membership, capability)
        ],
    }
