import pytest

pytestmark = pytest.mark.django_db


def test_failed_logins_lock_the_account_from_that_address(client, settings, rep_a):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "rep_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post(
        "/login/", {"username": "rep_a", "password": "pw-rep_arep_a"}, REMOTE_ADDR="10.0.0.1"
    )
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()


def test_a_lockout_does_not_lock_out_colleagues_behind_the_same_address(
    client, settings, rep_a, rep_b
):
    """Lockout counts per user name and address together (a hospital shares one address)."""
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "rep_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    colleague = client.post(
        "/login/", {"username": "rep_b", "password": "pw-rep_brep_b"}, REMOTE_ADDR="10.0.0.7"
    )
    assert colleague.status_code == 302


def test_correct_login_works(client, settings, rep_a):
    settings.AXES_ENABLED = True
    r = client.post(
        "/login/", {"username": "rep_a", "password": "pw-rep_arep_a"}, REMOTE_ADDR="10.0.0.3"
    )
    assert r.status_code == 302


def test_password_validators_refuse_weak_password(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
