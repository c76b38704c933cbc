from sociable.accounts.access import Capability, can
from sociable.publishing import pause


def publishing_pause(request):
    """The banner on every page while publishing is paused (and, for admins, how to lift it)."""
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
