from sociable.accounts.access import Capability, can
from sociable.publishing import pause

_ON_REQUEST = "_publishing_pause_banner"


def publishing_pause(request):
    """The banner on every page while publishing is paused (and, for admins, how to lift it).
    Worked out once per request: a page rendered in parts (render_to_string with the request)
    asks again for each part."""
    banner = getattr(request, _ON_REQUEST, None)
    if banner is None:
        banner = _banner(request)
        setattr(request, _ON_REQUEST, banner)
    return banner


def _banner(request) -> dict:
    membership = getattr(request, "membership", None)
    if not membership:
        return {}
    current = pause.active(membership.organisation)
    if current is None:
        return {}
    return {
        "publishing_pause": current,
        "publishing_held": pause.held(membership.organisation),
        "may_lift_pause": can(membership, Capability.PAUSE_PUBLISHING),
    }
