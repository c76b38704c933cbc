"""Two-step verification pages: about the signed-in person, whatever their role."""

from tests.access_rules import ALL_MEMBERS, desk, everyone

EXPECTED = {
    "two_factor": desk(ALL_MEMBERS),
    "two_factor_enrol": desk(ALL_MEMBERS),
    # Nobody in the cast has an authenticator yet: verifying sends them to set one up.
    "two_factor_verify": desk(set(), denied=302),
    "two_factor_recovery_codes": desk(set(), denied=405),
    "two_factor_disable": desk(set(), denied=405),
    # The Django admin's log-in page, behind the log-in throttle: anyone may see it.
    "admin_login": everyone(200),
}
