from sociable.accounts.access import Capability, can

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
        return {"membership": None, "navigation": []}
    return {
        "membership": membership,
        "organisation": membership.organisation,
        "navigation": [
            {"label": label, "url_name": name}
            for label, name, capability in NAVIGATION
            if can(membership, capability)
        ],
    }
