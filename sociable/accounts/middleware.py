from django.utils.functional import SimpleLazyObject

from sociable.accounts.models import Membership

SESSION_KEY = "organisation_id"


def current_membership(request) -> Membership | None:
    """The member's membership in the organisation chosen for this session (else their first)."""
    user = request.user
    if not user.is_authenticated:
        return None
    # A deactivated membership is no membership: its organisation's desk is closed to them.
    memberships = Membership.objects.active().select_related("organisation").filter(user=user)
    chosen = request.session.get(SESSION_KEY)
    membership = None
    if chosen is not None:
        membership = memberships.filter(organisation_id=chosen).first()
    if membership is None:
        membership = memberships.order_by("created_at", "id").first()
    if membership is not None:
        membership.user = user  # the signed-in user, already read: not read again through it
    return membership


class MembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
