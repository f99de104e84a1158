"""Attacks on sign-in with the company directory, through HTTP against the real slapd (tests/directory_server.py).

Each test is an attempt to break one of the rules of README's "Sign-in with the company directory" (an outsider,
an employee with a directory account, an administrator of the portal who is not a superuser) and asserts that the
rule holds. The fixture directory: anv (an editor through a nested group), btt (a correspondent), dnv (disabled),
lvh (no role) and "admin", who is also the portal's local break-glass superuser in the tests that need one.
"""

import contextlib
import io
import time

import ldap
import ldap.dn
import ldap.modlist
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from news import roles
from news.models import DirectoryAccount, Profile
from tests import test_directory
from tests.directory_server import (
    BASE,
    DISABLED,
    PASSWORD,
    PEOPLE_BASE,
    group_dn,
    needs_slapd,
    person_attributes,
    person_dn,
)
from tests.factories import administrator
from tests.test_directory import configure, sign_in, signed_in

# The directory tests' fixtures: a real slapd (server), the portal pointed at it (company), two units.
server, company, units = test_directory.server, test_directory.company, test_directory.units

User = get_user_model()
pytestmark = [pytest.mark.django_db, needs_slapd]

BREAK_GLASS_PASSWORD = "Local-Break-Glass-9"
WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng"
ANV = person_dn("NIPI", "Nguyen Van An")
ON_POSTGRESQL = connection.vendor == "postgresql"  # which enforces column lengths, where SQLite does not


@pytest.fixture
def break_glass(company):
    """The portal's own superuser "admin", named like the directory's Directory Admin."""
    return User.objects.create_superuser("admin", "admin@portal.local", BREAK_GLASS_PASSWORD)


@pytest.fixture
def anv(client, company):
    """anv has signed in once (an editor, through Press-Office) and signed out."""
    assert sign_in(client, "anv").status_code == 302
    client.logout()
    return User.objects.get(username="anv")


def run_sync(*args):
    out = io.StringIO()
    call_command("sync_directory", *args, stdout=out)
    return out.getvalue()


def refused(response, client):
    """Sent back to the sign-in form, as for a wrong password."""
    return response.status_code == 200 and not signed_in(client) and WRONG_CREDENTIALS in response.content.decode()


# The break-glass account is never the directory's --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "admin",
        "Admin",
        "ADMIN",
        "  admin  ",
        "CORP\\admin",
        "corp\\ADMIN",
        "corp.example\\admin",
        "admin@corp.example",
        "admin@CORP.EXAMPLE",
        "admin@corp",
        "ａｄｍｉｎ",  # fullwidth: slapd's matching rules take it for "admin"
        "ADMİN",  # capital I with a dot: slapd takes it for "admin", Python lowers it to "admi̇n"
    ],
)
def test_the_directory_admin_never_signs_in_beside_the_break_glass_account(client, break_glass, typed):
    response = sign_in(client, typed)  # the directory's password for its "admin"

    assert refused(response, client)
    assert not DirectoryAccount.objects.exists()
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


def test_the_break_glass_password_only_opens_the_local_account(client, break_glass):
    # Typed the directory's way, the local password reaches no account (the directory refuses it, and no local
    # account is named "CORP\admin").
    assert refused(sign_in(client, "CORP\\admin", BREAK_GLASS_PASSWORD), client)
    assert sign_in(client, "admin", BREAK_GLASS_PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(break_glass.pk)


# Malformed names and passwords ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "*",
        "a*",
        "*nv",
        "anv)(sAMAccountName=*",
        "*)(|(sAMAccountName=*",
        "anv)(|(objectClass=*)",
        "\\2a",
        "an\\2a",
        "CORP\\*",
        "*@corp.example",
        "(",
        ")",
        "\\",
        "CORP\\",
        "@corp.example",
        "anv\\00",
    ],
)
def test_filter_injection_in_the_name_finds_nobody(client, company, typed):
    response = sign_in(client, typed)

    assert refused(response, client)
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["", " ", "   ", "\t"])
def test_an_empty_or_blank_password_is_no_anonymous_bind(client, company, password):
    for typed in ("anv", "CORP\\anv", "admin"):
        assert refused(sign_in(client, typed, password), client)
    assert not User.objects.exists()


@pytest.mark.parametrize("page", ["login", "admin:login"])
@pytest.mark.parametrize(
    "username, password",
    [
        ("anv\x00", PASSWORD),
        ("anv", PASSWORD + "\x00"),
        ("\x00", "\x00"),
        ("a" * 150, PASSWORD),
        ("anv", "p" * 100_000),
        ("anv\r\nsAMAccountName: admin", PASSWORD),
        ("CORP\\CORP\\anv", PASSWORD),
        ("anv@corp.example@corp.example", PASSWORD),
    ],
)
def test_malformed_sign_ins_are_refused_without_an_error(client, company, page, username, password):
    response = client.post(reverse(page), {"username": username, "password": password})

    assert response.status_code == 200 and not signed_in(client)


@pytest.mark.parametrize("page", ["login", "admin:login"])
def test_a_name_too_long_to_record_is_no_server_error(client, company, page):
    client.raise_request_exception = False

    response = client.post(reverse(page), {"username": "a" * 300, "password": PASSWORD})

    assert response.status_code == 200 and not signed_in(client)


def test_bytes_that_are_no_utf8_are_no_error(client, company):
    for page in ("login", "admin:login"):
        response = client.post(
            reverse(page), b"username=%FF%FE%ED%A0%80&password=%C0%80", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200 and not signed_in(client)


def test_several_names_in_one_post_are_no_error(client, company):
    response = client.post(reverse("login"), {"username": ["admin", "anv"], "password": ["x", PASSWORD]})

    assert response.status_code in (200, 302)


# The lockout ---------------------------------------------------------------------------------------------------------


def test_the_lockout_cannot_be_dodged_by_spelling_the_name_differently(client, company, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for typed in ("ANV", " CORP\\anv ", "ａｎｖ", "anv@CORP", "corp.example\\Anv", "Anv@Corp.Example"):
        sign_in(client, typed, "wrong")

    for typed in ("anv", "ａｎｖ", "CORP\\ANV"):
        response = sign_in(client, typed)
        assert response.status_code == 429 and not signed_in(client)


# Leavers and roles ---------------------------------------------------------------------------------------------------


def test_a_role_taken_away_by_the_sync_leaves_an_open_session_at_once(client, company):
    sign_in(client, "anv")
    assert client.get(reverse("admin:index")).status_code == 200
    company.modify(group_dn("Press-Office"), member=[person_dn("CNTT", "Le Van Hai")])

    run_sync()

    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:news_article_changelist")).status_code == 302


def test_a_disabled_account_cannot_sign_in_however_the_name_is_typed(client, company):
    for typed in ("dnv", "DNV", "CORP\\dnv", "dnv@corp.example"):
        assert refused(sign_in(client, typed), client)
    assert not User.objects.exists()


def test_an_account_disabled_after_its_first_sign_in_cannot_sign_in_again_even_before_the_sync(client, anv, company):
    company.modify(ANV, userAccountControl=[str(DISABLED)])

    assert refused(sign_in(client, "anv"), client)


def test_a_deleted_account_cannot_sign_in_and_its_session_ends_with_the_sync(client, company):
    sign_in(client, "anv")
    company.delete(ANV)
    other = client.__class__()

    assert refused(sign_in(other, "anv"), other)
    run_sync()
    assert client.get(reverse("news:home")).status_code == 302
    assert not User.objects.get(username="anv").is_active


def test_a_closed_account_is_not_reopened_by_the_sync(client, anv, company):
    company.modify(ANV, userAccountControl=[str(DISABLED)])
    run_sync()
    run_sync()

    assert not User.objects.get(username="anv").is_active


def test_an_administrator_cannot_reopen_a_leaver_for_good(client, anv, company):
    company.delete(ANV)
    run_sync()
    admin = administrator()
    client.force_login(admin)
    page = reverse("admin:auth_user_change", args=[anv.pk])
    form = client.get(page).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(is_active="on", groups=[g.pk for g in anv.groups.all()], date_joined_0="01/01/2026")
    data.update(date_joined_1="00:00:00", username="anv")
    client.post(page, data)

    run_sync()

    assert not User.objects.get(username="anv").is_active


def test_a_reused_user_name_does_not_hand_the_leavers_account_to_a_newcomer(client, anv, company):
    own = Group.objects.create(name="Ban biên tập tiếng Nga")  # a portal group, given by an administrator
    anv.groups.add(own)
    company.delete(ANV)
    run_sync()  # anv has left: the directory closed the account
    company.add_person("anv", "CNTT", "Nguyen Van Anh", "Trung tâm CNTT&LL")  # IT gives the name to a newcomer

    sign_in(client, "anv")

    if signed_in(client):
        newcomer = User.objects.get(pk=client.session["_auth_user_id"])
        assert newcomer.pk != anv.pk and not newcomer.groups.filter(pk=own.pk).exists()


def test_a_person_moved_to_another_unit_keeps_their_account(client, anv, company, units):
    ldap_admin = company.admin()
    ldap_admin.rename_s(ANV, "cn=Nguyen Van An", f"ou=CNTT,{PEOPLE_BASE}")
    ldap_admin.unbind_s()
    company.modify(group_dn("Press-Office"), member=[person_dn("CNTT", "Nguyen Van An")])

    assert sign_in(client, "anv").status_code == 302
    assert client.session["_auth_user_id"] == str(anv.pk)
    assert User.objects.get(pk=anv.pk).groups.filter(name=roles.EDITORS).exists()


# The newsroom: an administrator (Quản trị, not a superuser) and a directory user -------------------------------------


@pytest.fixture
def administrator_client(client, anv):
    client.force_login(administrator())
    return client


def change_page(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def test_an_administrator_cannot_set_a_directory_users_password(administrator_client, anv):
    client = administrator_client
    page = reverse("admin:auth_user_password_change", args=[anv.pk])

    assert client.get(page).status_code == 403
    for data in (
        {"password1": "Portal-Pass-123", "password2": "Portal-Pass-123"},
        {"password1": "Portal-Pass-123", "password2": "Portal-Pass-123", "usable_password": "true"},
        {"usable_password": "false"},
    ):
        assert client.post(page, data).status_code == 403
    anv.refresh_from_db()
    assert not anv.has_usable_password()


def test_an_administrator_cannot_change_what_the_directory_keeps(administrator_client, anv, company, units):
    client = administrator_client
    extra = Group.objects.get(name=roles.ADMINISTRATORS)
    page = change_page(anv)
    data = {
        "username": "someone-else",
        "first_name": "Forged",
        "last_name": "Name",
        "email": "forged@example.com",
        "work_unit": units["cntt"].pk,
        "is_active": "on",
        "is_staff": "",
        "is_superuser": "on",
        "groups": [extra.pk],
        "user_permissions": [],
        "units": [units["cntt"].pk],
        "password": "pbkdf2_sha256$1$salt$forged",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "00:00:00",
    }
    assert client.post(page, data).status_code == 302  # saved: only the fields the directory keeps were ignored

    anv.refresh_from_db()
    assert (anv.username, anv.first_name, anv.last_name, anv.email) == ("anv", "Văn An", "Nguyễn", "anv@corp.example")
    assert Profile.of(anv).unit == units["nipi"]
    assert list(anv.groups.values_list("name", flat=True)) == [roles.EDITORS]
    assert anv.is_staff and not anv.is_superuser and not anv.has_usable_password()


def test_with_directory_correspondent_units_an_administrator_cannot_assign_units(client, server, settings, units):
    configure(settings, server.uri, LDAP_CORRESPONDENT_UNITS="unit")
    sign_in(client, "btt")
    client.logout()
    btt = User.objects.get(username="btt")
    client.force_login(administrator())
    form = client.get(change_page(btt)).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(units=[units["nipi"].pk, units["cntt"].pk], date_joined_0="01/01/2026", date_joined_1="00:00:00")

    assert client.post(change_page(btt), data).status_code == 302

    assert list(btt.assigned_units.all()) == [units["cntt"]]


def test_an_administrator_cannot_create_a_local_twin_of_a_directory_user(administrator_client, anv):
    client = administrator_client
    for name in ("anv", "ANV", "Anv"):
        client.post(
            reverse("admin:auth_user_add"),
            {"username": name, "usable_password": "true", "password1": "Twin-Pass-4821", "password2": "Twin-Pass-4821"},
        )

    assert list(User.objects.filter(username__iexact="anv").values_list("pk", flat=True)) == [anv.pk]


def test_an_administrator_cannot_rename_a_local_account_into_a_directory_users_name(administrator_client, anv):
    client = administrator_client
    local = User.objects.create_user("reporter", password="Local-Pass-4821")
    form = client.get(change_page(local)).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(date_joined_0="01/01/2026", date_joined_1="00:00:00")
    for name in ("anv", "ANV"):
        client.post(change_page(local), data | {"username": name})

    assert User.objects.get(pk=local.pk).username == "reporter"


def test_a_directory_user_without_a_role_is_not_let_into_the_newsroom(client, company):
    for typed in ("lvh", "CORP\\LVH"):
        response = client.post(reverse("admin:login"), {"username": typed, "password": PASSWORD})
        assert response.status_code == 200
        assert client.get(reverse("admin:index")).status_code == 302
    assert not User.objects.get(username="lvh").is_staff


def test_the_deactivate_action_closes_a_directory_user_for_good(administrator_client, anv):
    client = administrator_client
    other = client.__class__()
    sign_in(other, "anv")

    client.post(reverse("admin:auth_user_changelist"), {"action": "deactivate", "_selected_action": [anv.pk]})

    assert other.get(reverse("news:home")).status_code == 302
    other.logout()
    assert refused(sign_in(other, "anv"), other)
    run_sync()
    assert not User.objects.get(pk=anv.pk).is_active


def test_a_directory_user_cannot_give_themselves_a_portal_password(client, anv):
    sign_in(client, "anv")
    for old in ("", PASSWORD, "!"):
        client.post(
            reverse("password_change"),
            {"old_password": old, "new_password1": "Portal-Pass-123", "new_password2": "Portal-Pass-123"},
        )
    anv.refresh_from_db()
    assert not anv.has_usable_password()


def test_no_password_reset_mail_for_a_directory_user(client, anv):
    client.post(reverse("password_reset"), {"email": "anv@corp.example"})

    assert mail.outbox == []


# The directory down, odd or wrongly configured -----------------------------------------------------------------------


def test_local_sign_in_never_waits_for_a_directory_that_hangs(client, server, settings, units, break_glass):
    configure(settings, server.uri, LDAP_TIMEOUT="3")
    server.pause()
    try:
        for typed in ("admin", "CORP\\admin", "admin@corp.example"):
            started = time.monotonic()
            sign_in(client, typed, BREAK_GLASS_PASSWORD)
            assert time.monotonic() - started < 2, typed
        assert signed_in(client)
    finally:
        server.resume()


def test_health_says_nothing_but_ok_or_unavailable(client, server, settings, units):
    configure(settings, server.uri, LDAP_BIND_PASSWORD="wrong-service-password")
    cache.clear()
    from news import directory

    directory._last_health.clear()

    response = client.get(reverse("ops:healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "directory": "unavailable"}


def test_a_search_base_that_finds_nobody_closes_nobody(client, anv, server, settings):
    configure(settings, server.uri, LDAP_USER_SEARCH_BASE=f"ou=Service,{BASE}")

    with pytest.raises(CommandError):
        run_sync()

    assert User.objects.get(pk=anv.pk).is_active


@pytest.fixture
def leaver(client, anv, company):
    """btt has an account and has left the directory: the next sync must close it (it comes after anv's)."""
    sign_in(client, "btt")
    client.logout()
    company.delete(person_dn("CNTT", "Bui Thi Thu"))
    return User.objects.get(username="btt")


def sync_closes(leaver):
    with contextlib.suppress(Exception):  # the sync may report the account it could not refresh, and go on
        run_sync()
    return not User.objects.get(pk=leaver.pk).is_active


def test_one_account_the_sync_cannot_refresh_does_not_keep_the_leavers_open(client, anv, leaver):
    User.objects.create_user("ANV", password="Local-Pass-4821")

    assert sync_closes(leaver)


@pytest.mark.parametrize("attribute", ["givenName", "mail"])
def test_an_overlong_value_in_the_directory_is_no_server_error(client, anv, leaver, company, attribute):
    company.modify(ANV, **{attribute: ["x" * 300 + "@corp.example"]})
    client.raise_request_exception = False

    assert sign_in(client, "anv").status_code in (200, 302)
    client.logout()
    assert sync_closes(leaver)


def test_odd_distinguished_names_still_map_to_roles(client, company, settings, server):
    cn = 'Tran, "Minh" + Co'
    dn = f"cn={ldap.dn.escape_dn_chars(cn)},ou=NIPI,{PEOPLE_BASE}"
    attrs = person_attributes("tmc", cn, "Minh", "Trần", "Viện NIPI")
    ldap_admin = company.admin()
    ldap_admin.add_s(dn, ldap.modlist.addModlist({k: [v.encode() for v in vs] for k, vs in attrs.items()}))
    ldap_admin.unbind_s()
    company.modify(group_dn("Press-Office"), member=[ANV, dn])

    assert sign_in(client, "tmc").status_code == 302
    assert User.objects.get(username="tmc").groups.filter(name=roles.EDITORS).exists()
    assert "tmc" not in run_sync()
