"""Two-step verification: admins must enrol an authenticator app before using the desk; anyone
may enrol; after the password, an enrolled person enters a code from the app (each code once)
or a single-use recovery code."""

import re
import time
from urllib.parse import urlsplit

import pyotp
from django.test import Client

from sociable.audit.models import AuditEvent
from sociable.security import two_factor
from sociable.security.models import RecoveryCode, SecondFactor
from tests.conftest import CAST_PASSWORD


def logged_in(username):
    client = Client()
    answer = client.post("/login/", {"username": username, "password": CAST_PASSWORD})
    assert answer.status_code == 302
    return client


def unlocked(client):
    """Ask for the enrolment link by e-mail and open it (admins enrol only that way)."""
    from django.core import mail

    sent = len(mail.outbox)
    client.post("/security/two-factor/enrol/")
    assert len(mail.outbox) == sent + 1
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    parts = urlsplit(link)
    answer = client.get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 302
    return client


def enrolled(client, user):
    """Enrol `user` through the pages; returns (their TOTP, their recovery codes)."""
    if two_factor.required_for(user):
        unlocked(client)
    client.get("/security/two-factor/enrol/")
    totp = pyotp.TOTP(SecondFactor.objects.get(user=user).secret)
    page = client.post("/security/two-factor/enrol/", {"code": totp.now()})
    assert page.status_code == 200
    return totp, page.context["codes"]


def next_code(totp):
    """The code of the next 30-second step (accepted for clock drift, not yet used)."""
    return totp.at(time.time() + 30)


def test_an_admin_is_sent_to_set_up_two_step_verification_before_the_desk(cast):
    admin = logged_in("admin")
    answer = admin.get("/inbox/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/security/two-factor/enrol/?next=%2Finbox%2F")
    assert admin.get("/settings/organisation/").status_code == 302


def test_an_officer_may_use_the_desk_without_enrolling(cast):
    assert logged_in("officer").get("/inbox/").status_code == 200


def test_the_enrolment_page_shows_the_key_and_an_inline_qr_code(cast):
    page = unlocked(logged_in("admin")).get("/security/two-factor/enrol/")
    html = page.content.decode()
    secret = SecondFactor.objects.get(user=cast.admin).secret
    assert secret in html
    assert 'src="data:image/svg+xml;base64,' in html and 'alt="QR code' in html
    assert "Admins must use two-step verification" in html


def test_the_secret_is_encrypted_at_rest(cast):
    unlocked(logged_in("admin")).get("/security/two-factor/enrol/")
    factor = SecondFactor.objects.get(user=cast.admin)
    assert factor.secret and factor.secret not in factor.secret_encrypted


def test_a_wrong_first_code_is_explained_and_nothing_is_turned_on(cast):
    admin = unlocked(logged_in("admin"))
    admin.get("/security/two-factor/enrol/")
    page = admin.post("/security/two-factor/enrol/", {"code": "000000"})
    assert "That code did not match" in page.content.decode()
    assert not two_factor.enrolled(cast.admin)
    assert admin.get("/inbox/").status_code == 302


def test_enrolling_shows_ten_recovery_codes_once_and_opens_the_desk(cast):
    admin = logged_in("admin")
    _, codes = enrolled(admin, cast.admin)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert admin.get("/inbox/").status_code == 200
    assert AuditEvent.objects.filter(verb="security.two_factor_enrolled", actor=cast.admin).exists()


def test_recovery_codes_are_stored_only_as_hashes(cast):
    _, codes = enrolled(logged_in("admin"), cast.admin)
    stored = list(RecoveryCode.objects.filter(user=cast.admin).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in h or code in h for code in codes for h in stored)


def test_after_the_password_an_enrolled_person_enters_a_code(cast):
    totp, _ = enrolled(logged_in("officer"), cast.officer)
    again = logged_in("officer")
    answer = again.get("/inbox/")
    assert answer["Location"].startswith("/security/two-factor/verify/?next=%2Finbox%2F")
    verified = again.post(
        "/security/two-factor/verify/?next=/inbox/", {"code": next_code(totp), "next": "/inbox/"}
    )
    assert verified.status_code == 302 and verified["Location"] == "/inbox/"
    assert again.get("/inbox/").status_code == 200


def test_a_code_from_the_app_works_only_once(cast):
    totp, _ = enrolled(logged_in("admin"), cast.admin)
    code = next_code(totp)
    first, second = logged_in("admin"), logged_in("admin")
    assert first.post("/security/two-factor/verify/", {"code": code}).status_code == 302
    page = second.post("/security/two-factor/verify/", {"code": code})
    assert page.status_code == 200 and "already used" in page.content.decode()
    assert second.get("/inbox/").status_code == 302


def test_a_recovery_code_works_once(cast):
    _, codes = enrolled(logged_in("admin"), cast.admin)
    first, second = logged_in("admin"), logged_in("admin")
    assert first.post("/security/two-factor/verify/", {"code": codes[0]}).status_code == 302
    assert first.get("/inbox/").status_code == 200
    assert second.post("/security/two-factor/verify/", {"code": codes[0]}).status_code == 200
    assert two_factor.recovery_codes_left(cast.admin) == 9
    assert AuditEvent.objects.filter(verb="security.recovery_code_used").count() == 1


def test_the_code_a_redirect_carries_cannot_send_anyone_to_another_site(cast):
    totp, _ = enrolled(logged_in("admin"), cast.admin)
    again = logged_in("admin")
    answer = again.post(
        "/security/two-factor/verify/", {"code": next_code(totp), "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/"  # home, which sends each role to where it works


def test_guessing_codes_is_refused_after_five_wrong_ones(cast):
    totp, _ = enrolled(logged_in("admin"), cast.admin)
    again = logged_in("admin")
    for _ in range(5):
        assert again.post("/security/two-factor/verify/", {"code": "123456"}).status_code == 200
    refused = again.post("/security/two-factor/verify/", {"code": next_code(totp)})
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.content.decode()
    assert again.get("/inbox/").status_code == 302


def test_admins_cannot_turn_two_step_verification_off(cast):
    admin = logged_in("admin")
    enrolled(admin, cast.admin)
    admin.post("/security/two-factor/disable/")
    assert two_factor.enrolled(cast.admin)


def test_an_officer_may_turn_it_off_and_then_needs_no_code(cast):
    officer = logged_in("officer")
    enrolled(officer, cast.officer)
    officer.post("/security/two-factor/disable/")
    assert not two_factor.enrolled(cast.officer)
    assert not RecoveryCode.objects.filter(user=cast.officer).exists()
    assert logged_in("officer").get("/inbox/").status_code == 200


def test_making_new_recovery_codes_replaces_the_old_ones(cast):
    admin = logged_in("admin")
    _, old = enrolled(admin, cast.admin)
    page = admin.post("/security/two-factor/recovery-codes/")
    new = page.context["codes"]
    assert set(new).isdisjoint(old)
    assert two_factor.verify(cast.admin, old[0]) is None
    assert two_factor.verify(cast.admin, new[0]) == "recovery_code"


def test_a_superuser_must_enrol_before_the_django_admin(cast, django_user_model):
    django_user_model.objects.create_superuser("operator", "op@example.org", CAST_PASSWORD)
    client = Client()
    client.login(username="operator", password=CAST_PASSWORD)
    answer = client.get("/admin/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/security/two-factor/enrol/")


def test_logging_out_and_in_asks_for_the_code_again(cast):
    totp, _ = enrolled(logged_in("admin"), cast.admin)
    session = logged_in("admin")
    session.post("/security/two-factor/verify/", {"code": next_code(totp)})
    session.post("/logout/")
    session.post("/login/", {"username": "admin", "password": CAST_PASSWORD})
    assert session.get("/inbox/").status_code == 302


def test_an_admin_with_only_the_password_cannot_attach_an_authenticator(cast):
    admin = logged_in("admin")
    page = admin.get("/security/two-factor/enrol/")
    assert "we will send a link to your work e-mail address" in page.content.decode()
    assert not SecondFactor.objects.filter(user=cast.admin).exists()
    forced = admin.post("/security/two-factor/enrol/", {"code": "123456"})
    assert not SecondFactor.objects.filter(user=cast.admin).exists()
    assert "Check your e-mail" in forced.content.decode()
    assert admin.get("/inbox/").status_code == 302


def test_the_enrolment_link_works_only_for_its_own_person_and_password(cast):
    from django.core import mail

    admin = logged_in("admin")
    admin.post("/security/two-factor/enrol/")
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    assert mail.outbox[-1].to == ["admin@example.org"]
    parts = urlsplit(link)
    outsider = logged_in("outsider")
    outsider.get(f"{parts.path}?{parts.query}")
    assert "we will send a link" in outsider.get(parts.path).content.decode()
    cast.admin.set_password("a-new-long-password-for-the-admin")
    cast.admin.save()
    again = Client()
    again.login(username="admin", password="a-new-long-password-for-the-admin")
    again.get(f"{parts.path}?{parts.query}")
    assert "we will send a link" in again.get(parts.path).content.decode()


def test_asking_for_enrolment_links_is_limited(cast):
    from django.core import mail

    admin = logged_in("admin")
    for _ in range(3):
        assert admin.post("/security/two-factor/enrol/").status_code == 200
    assert admin.post("/security/two-factor/enrol/").status_code == 429
    assert len(mail.outbox) == 3


def test_after_the_link_and_the_first_code_the_admin_goes_where_they_were_going(cast):
    from django.core import mail

    admin = logged_in("admin")
    sent_to = admin.get("/settings/")["Location"]
    assert sent_to == "/security/two-factor/enrol/?next=%2Fsettings%2F"
    admin.get(sent_to)
    admin.post("/security/two-factor/enrol/", {"next": "/settings/"})
    parts = urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0))
    back = admin.get(f"{parts.path}?{parts.query}")["Location"]
    assert back == "/security/two-factor/enrol/?next=%2Fsettings%2F"
    admin.get(back)
    totp = pyotp.TOTP(SecondFactor.objects.get(user=cast.admin).secret)
    page = admin.post("/security/two-factor/enrol/", {"code": totp.now(), "next": "/settings/"})
    assert page.context["next"] == "/settings/"
    assert admin.get("/settings/").status_code == 200
