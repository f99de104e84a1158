"""Sign-in with the company directory, against a real slapd (tests/directory_server.py), through HTTP.

The fixture directory is shaped like Active Directory: anv is in Press-Office, which sits inside
Portal-Editors (a nested group); btt is a correspondent whose department is typed without diacritics; dnv is
disabled; "admin" exists in the directory and, as a break-glass account, in the portal.
"""

import io
import json
import re
import tempfile
import time
from pathlib import Path

import environ
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from news import roles
from news.directory import check_directory_transport, directory_settings
from news.models import DirectoryAccount, Profile, RoleChange, Unit
from tests.directory_server import (
    DISABLED,
    GROUPS_BASE,
    NORMAL,
    PASSWORD,
    PEOPLE_BASE,
    SERVICE_DN,
    SERVICE_PASSWORD,
    DirectoryServer,
    group_dn,
    make_certificates,
    needs_slapd,
    person_dn,
)

User = get_user_model()
pytestmark = [pytest.mark.django_db]

BACKENDS = ["portal.auth.PortalAxesBackend", "portal.auth.DirectoryBackend", "portal.auth.CachedModelBackend"]
DIRECTORY_NOT_ANSWERING = "Danh bạ công ty (Active Directory) hiện không phản hồi"
ROLE_GROUPS = {
    roles.EDITORS: group_dn("Portal-Editors"),
    roles.CORRESPONDENTS: group_dn("Portal-Correspondents"),
    roles.ADMINISTRATORS: group_dn("Portal-Administrators"),
}


def configure(settings, uri, **variables):
    """Point the portal at a directory as LDAP_* environment variables would (README's settings)."""
    env = environ.Env()
    env.ENVIRON = {
        "LDAP_SERVER_URI": uri,
        "LDAP_BIND_DN": SERVICE_DN,
        "LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
        "LDAP_USER_SEARCH_BASE": PEOPLE_BASE,
        "LDAP_USER_FILTER": "(objectClass=inetOrgPerson)",
        "LDAP_GROUP_SEARCH_BASE": GROUPS_BASE,
        "LDAP_GROUP_TYPE": "group_of_names",
        "LDAP_ROLE_GROUPS": json.dumps(ROLE_GROUPS),
        "LDAP_TIMEOUT": "1",
        "LDAP_ID_ATTRIBUTE": "entryUUID",  # OpenLDAP's (Active Directory's objectGUID is the default)
        **variables,
    }
    for name, value in directory_settings(env).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = BACKENDS


@pytest.fixture
def server(tmp_path):
    server = DirectoryServer(tmp_path / "slapd").start()
    yield server
    server.stop()


@pytest.fixture
def units(db):
    return {
        "nipi": Unit.objects.create(name="Viện Nghiên cứu Khoa học và Thiết kế Dầu khí biển", short_name="Viện NIPI"),
        "cntt": Unit.objects.create(name="Trung tâm Công nghệ Thông tin và Liên lạc", short_name="Trung tâm CNTT&LL"),
    }


@pytest.fixture
def company(server, settings, units):
    configure(settings, server.uri)
    return server


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


# First sign-in, then every sign-in ------------------------------------------------------------------------------------


@needs_slapd
def test_first_sign_in_creates_the_account_with_unit_and_role(client, company, units):
    response = sign_in(client, "anv")

    assert response.status_code == 302 and signed_in(client)
    user = User.objects.get(username="anv")
    assert (user.first_name, user.last_name, user.email) == ("Văn An", "Nguyễn", "anv@corp.example")
    assert Profile.of(user).unit == units["nipi"]
    # A member of Press-Office, which is inside Portal-Editors: an editor, with the newsroom.
    assert list(user.groups.values_list("name", flat=True)) == [roles.EDITORS]
    assert user.is_staff and not user.has_usable_password()
    assert DirectoryAccount.objects.get(user=user).dn.lower() == person_dn("NIPI", "Nguyen Van An").lower()
    assert client.get(reverse("admin:news_article_changelist")).status_code == 200
    # The role change is recorded, made by the company directory (no actor).
    record = RoleChange.objects.get(account=user)
    assert record.actor is None and roles.EDITORS in record.change


@needs_slapd
@pytest.mark.parametrize("typed", ["anv", "ANV", "CORP\\anv", "corp\\Anv", "anv@corp.example"])
def test_every_usual_spelling_of_the_name_signs_in_to_one_account(client, company, typed):
    sign_in(client, "anv")
    client.logout()

    assert sign_in(client, typed).status_code == 302 and signed_in(client)
    assert list(User.objects.values_list("username", flat=True)) == ["anv"]


@needs_slapd
def test_a_name_from_another_domain_is_not_taken_for_ours(client, company):
    response = sign_in(client, "anv@elsewhere.example")

    assert response.status_code == 200 and not signed_in(client)
    assert not User.objects.exists()


@needs_slapd
def test_wrong_password_is_refused(client, company):
    response = sign_in(client, "anv", "not-the-password")

    assert response.status_code == 200 and not signed_in(client)
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


@needs_slapd
def test_unit_typed_without_diacritics_still_finds_the_unit(client, company, units):
    sign_in(client, "btt")

    user = User.objects.get(username="btt")
    assert Profile.of(user).unit == units["cntt"]
    assert list(user.groups.values_list("name", flat=True)) == [roles.CORRESPONDENTS]


@needs_slapd
def test_an_unknown_unit_leaves_the_unit_empty(client, company):
    company.modify(person_dn("NIPI", "Nguyen Van An"), department=["Phòng không có trong cổng"])

    sign_in(client, "anv")

    assert Profile.of(User.objects.get(username="anv")).unit is None


@needs_slapd
def test_later_sign_ins_refresh_name_email_and_unit(client, company, units):
    sign_in(client, "anv")
    client.logout()
    company.modify(
        person_dn("NIPI", "Nguyen Van An"),
        sn=["Trần"],
        mail=["an.tran@corp.example"],
        department=["Trung tâm CNTT&LL"],
    )

    sign_in(client, "anv")

    user = User.objects.get(username="anv")
    assert (user.last_name, user.email) == ("Trần", "an.tran@corp.example")
    assert Profile.of(user).unit == units["cntt"]


# Groups are roles -----------------------------------------------------------------------------------------------------


@needs_slapd
def test_leaving_the_directory_group_takes_the_role_away_at_the_next_sign_in(client, company):
    sign_in(client, "anv")
    client.logout()
    # IT takes anv out of Press-Office (and so out of Portal-Editors, which holds it).
    company.modify(group_dn("Press-Office"), member=[person_dn("CNTT", "Le Van Hai")])

    sign_in(client, "anv")

    user = User.objects.get(username="anv")
    assert not user.groups.exists() and not user.is_staff
    assert client.get(reverse("admin:index")).status_code == 302  # to the sign-in page: no newsroom


@needs_slapd
def test_joining_a_directory_group_gives_the_role(client, company):
    sign_in(client, "lvh")
    assert not User.objects.get(username="lvh").is_staff
    client.logout()
    company.modify(group_dn("Portal-Editors"), member=[group_dn("Press-Office"), person_dn("CNTT", "Le Van Hai")])

    sign_in(client, "lvh")

    user = User.objects.get(username="lvh")
    assert list(user.groups.values_list("name", flat=True)) == [roles.EDITORS] and user.is_staff
    assert user.has_perm(roles.PUBLISH_PERMISSION)


@needs_slapd
def test_groups_the_directory_does_not_map_stay_the_portals_to_give(client, company):
    own = Group.objects.create(name="Ban biên tập tiếng Nga")
    sign_in(client, "anv")
    user = User.objects.get(username="anv")
    user.groups.add(own)
    client.logout()

    sign_in(client, "anv")

    assert set(user.groups.values_list("name", flat=True)) == {roles.EDITORS, own.name}


@needs_slapd
def test_correspondent_units_from_unit_groups(client, server, settings, units):
    configure(
        settings,
        server.uri,
        LDAP_CORRESPONDENT_UNITS="groups",
        LDAP_UNIT_GROUPS=json.dumps({"Viện NIPI": group_dn("Correspondents-NIPI")}),
    )

    sign_in(client, "btt")

    # Works in CNTT, writes for NIPI: the directory's group says so.
    assert list(User.objects.get(username="btt").assigned_units.all()) == [units["nipi"]]


@needs_slapd
def test_correspondent_units_from_the_unit_attribute(client, server, settings, units):
    configure(settings, server.uri, LDAP_CORRESPONDENT_UNITS="unit")

    sign_in(client, "btt")

    assert list(User.objects.get(username="btt").assigned_units.all()) == [units["cntt"]]


@needs_slapd
def test_a_directory_correspondent_edits_only_their_units_drafts(client, server, settings, units):
    from tests.factories import ArticleFactory

    configure(settings, server.uri, LDAP_CORRESPONDENT_UNITS="unit")
    own = ArticleFactory(unit=units["cntt"], status="draft")
    other = ArticleFactory(unit=units["nipi"], status="draft")
    sign_in(client, "btt")

    assert client.get(reverse("admin:news_article_change", args=[own.pk])).status_code == 200
    assert client.get(reverse("admin:news_article_change", args=[other.pk])).status_code in (302, 403, 404)


# Local accounts ------------------------------------------------------------------------------------------------------


@needs_slapd
def test_the_directory_never_signs_in_as_a_local_account(client, company):
    local = User.objects.create_superuser("admin", "admin@portal.local", "Local-Break-Glass-9")

    # The directory's "admin" knows the directory password, not the portal's.
    assert sign_in(client, "admin").status_code == 200 and not signed_in(client)
    assert not DirectoryAccount.objects.exists()

    assert sign_in(client, "admin", "Local-Break-Glass-9").status_code == 302
    assert client.session["_auth_user_id"] == str(local.pk)


@needs_slapd
def test_a_directory_person_cannot_sign_in_with_a_portal_password(client, company):
    sign_in(client, "anv")
    client.logout()
    user = User.objects.get(username="anv")

    # Not by the newsroom either: an administrator may not give them one.
    admin = User.objects.create_superuser("root", "root@portal.local", "Local-Break-Glass-9")
    client.force_login(admin)
    page = reverse("admin:auth_user_password_change", args=[user.pk])
    assert client.get(page).status_code == 403
    assert client.post(page, {"password1": "Portal-Pass-123", "password2": "Portal-Pass-123"}).status_code == 403
    client.logout()

    assert sign_in(client, "anv", "Portal-Pass-123").status_code == 200 and not signed_in(client)


# Leavers -------------------------------------------------------------------------------------------------------------


@needs_slapd
def test_a_disabled_directory_account_cannot_sign_in(client, company):
    response = sign_in(client, "dnv")

    assert response.status_code == 200 and not signed_in(client)
    assert not User.objects.filter(username="dnv").exists()


def run_sync(*args):
    out = io.StringIO()
    call_command("sync_directory", *args, stdout=out)
    return out.getvalue()


@needs_slapd
def test_sync_closes_accounts_disabled_or_deleted_in_the_directory(client, company):
    for username in ("anv", "btt", "lvh"):
        sign_in(client, username)
        client.logout()
    company.modify(person_dn("NIPI", "Nguyen Van An"), userAccountControl=[str(DISABLED)])
    company.delete(person_dn("CNTT", "Bui Thi Thu"))
    local = User.objects.create_user("reporter", password="Local-Pass-123")

    dry = run_sync("--dry-run")

    assert "anv" in dry and "btt" in dry and "lvh" not in dry
    assert User.objects.filter(is_active=True).count() == 4  # --dry-run changed nothing

    report = run_sync()

    active = set(User.objects.filter(is_active=True).values_list("username", flat=True))
    assert active == {"lvh", local.username}  # local accounts are not the directory's to close
    assert "anv" in report and "disabled" in report and "btt" in report and "gone" in report
    assert sign_in(client, "anv").status_code == 200 and not signed_in(client)


@needs_slapd
def test_a_closed_account_is_signed_out_at_once(client, company):
    sign_in(client, "anv")
    assert client.get(reverse("news:home")).status_code == 200
    company.modify(person_dn("NIPI", "Nguyen Van An"), userAccountControl=[str(DISABLED)])

    run_sync()

    assert client.get(reverse("news:home")).status_code == 302


@needs_slapd
def test_an_account_the_directory_closed_opens_when_it_is_enabled_again(client, company):
    sign_in(client, "anv")
    client.logout()
    company.modify(person_dn("NIPI", "Nguyen Van An"), userAccountControl=[str(DISABLED)])
    run_sync()
    company.modify(person_dn("NIPI", "Nguyen Van An"), userAccountControl=[str(NORMAL)])

    assert sign_in(client, "anv").status_code == 302 and signed_in(client)
    assert User.objects.get(username="anv").is_active


@needs_slapd
def test_an_account_an_administrator_closed_stays_closed(client, company):
    sign_in(client, "anv")
    client.logout()
    admin = User.objects.create_superuser("root", "root@portal.local", "Local-Break-Glass-9")
    user = User.objects.get(username="anv")
    client.force_login(admin)
    client.post(
        reverse("admin:auth_user_changelist"), {"action": "deactivate", "_selected_action": [user.pk]}, follow=True
    )
    client.logout()

    assert sign_in(client, "anv").status_code == 200 and not signed_in(client)
    assert not User.objects.get(username="anv").is_active


@needs_slapd
def test_sync_refreshes_units_and_roles_and_reports_them(client, company, units):
    sign_in(client, "anv")
    client.logout()
    company.modify(person_dn("NIPI", "Nguyen Van An"), department=["Trung tâm CNTT&LL"])
    company.modify(group_dn("Press-Office"), member=[person_dn("CNTT", "Le Van Hai")])

    report = run_sync()

    user = User.objects.get(username="anv")
    assert Profile.of(user).unit == units["cntt"] and not user.groups.exists()
    assert "anv" in report and roles.EDITORS in report


@needs_slapd
def test_sync_changes_nothing_when_the_directory_is_down(client, company):
    sign_in(client, "anv")
    company.stop()

    with pytest.raises(CommandError, match="directory"):
        run_sync()

    assert User.objects.get(username="anv").is_active


# The directory down or slow ------------------------------------------------------------------------------------------


@needs_slapd
@pytest.mark.parametrize("outage", ["stop", "pause"])
def test_directory_down_or_slow_fails_calmly_and_local_accounts_sign_in(client, company, outage):
    User.objects.create_superuser("root", "root@portal.local", "Local-Break-Glass-9")
    getattr(company, outage)()
    try:
        started = time.monotonic()
        response = sign_in(client, "anv")
        waited = time.monotonic() - started

        assert response.status_code == 200 and not signed_in(client)
        # It says the directory is not answering, not "wrong password".
        assert DIRECTORY_NOT_ANSWERING in response.content.decode()
        assert waited < 10  # LDAP_TIMEOUT is 1 s: it gives up, it does not hang the worker

        assert sign_in(client, "root", "Local-Break-Glass-9").status_code == 302 and signed_in(client)

        health = client.get(reverse("ops:healthz"))
        assert health.status_code == 200
        assert health.json()["directory"] == "unavailable" and health.json()["status"] == "ok"
    finally:
        company.resume()


@needs_slapd
def test_health_reports_the_directory_when_it_answers(client, company):
    assert client.get(reverse("ops:healthz")).json()["directory"] == "ok"


def test_without_a_directory_health_does_not_mention_it(client, db):
    assert "directory" not in client.get(reverse("ops:healthz")).json()


@needs_slapd
def test_wrong_passwords_count_toward_the_lockout_however_the_name_is_typed(client, company, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for typed in ("anv", "CORP\\ANV", "anv@corp.example"):
        sign_in(client, typed, "wrong")

    response = sign_in(client, "anv")

    assert not signed_in(client)
    assert response.status_code == 429


# The newsroom --------------------------------------------------------------------------------------------------------


@needs_slapd
def test_directory_users_are_marked_and_their_directory_fields_are_read_only(client, company, units):
    sign_in(client, "anv")
    client.logout()
    user = User.objects.get(username="anv")
    admin = User.objects.create_superuser("root", "root@portal.local", "Local-Break-Glass-9")
    client.force_login(admin)

    listing = client.get(reverse("admin:auth_user_changelist") + "?directory_account__isempty=0")
    assert [u.username for u in listing.context["cl"].result_list] == ["anv"]
    everyone = client.get(reverse("admin:auth_user_changelist")).content.decode()
    rows = {
        name: row
        for row in re.findall(r"<tr.*?</tr>", everyone, re.S)
        for name in ("anv", "root")
        if f">{name}</a>" in row
    }
    # The last column says whether the company directory keeps the account.
    assert "icon-yes" in rows["anv"].rsplit("<td", 1)[1] and "icon-no" in rows["root"].rsplit("<td", 1)[1]

    page = reverse("admin:auth_user_change", args=[user.pk])
    form = client.get(page).context["adminform"].form
    for name in ("username", "first_name", "last_name", "email", "work_unit", "groups", "is_staff"):
        assert form.fields[name].disabled, name
    assert not form.fields["is_active"].disabled  # an administrator may still close the account

    data = {
        "username": "someone-else",
        "first_name": "Forged",
        "last_name": "Name",
        "email": "forged@example.com",
        "work_unit": units["cntt"].pk,
        "is_active": "on",
        "groups": [],
        "units": [],
        "date_joined_0": "01/01/2026",
        "date_joined_1": "00:00:00",
    }
    client.post(page, data)
    user.refresh_from_db()
    assert (user.username, user.first_name, user.email) == ("anv", "Văn An", "anv@corp.example")
    assert Profile.of(user).unit == units["nipi"] and user.groups.filter(name=roles.EDITORS).exists()


# Configuration -------------------------------------------------------------------------------------------------------


@pytest.fixture
def tls_server(tmp_path):
    server = DirectoryServer(tmp_path / "slapd", tls=True).start()
    yield server
    server.stop()


@needs_slapd
@pytest.mark.parametrize("transport", ["starttls", "ldaps"])
def test_sign_in_over_tls_verified_with_the_company_ca(client, tls_server, settings, units, transport):
    uri = tls_server.uri if transport == "starttls" else tls_server.ldaps_uri
    configure(settings, uri, LDAP_START_TLS=str(transport == "starttls").lower(), LDAP_CA_FILE=str(tls_server.ca_file))

    assert sign_in(client, "anv").status_code == 302 and signed_in(client)


@needs_slapd
@pytest.mark.parametrize("transport", ["starttls", "ldaps"])
def test_a_directory_with_a_certificate_from_another_ca_is_refused(client, tls_server, settings, tmp_path, transport):
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    make_certificates(stranger)
    uri = tls_server.uri if transport == "starttls" else tls_server.ldaps_uri
    configure(settings, uri, LDAP_START_TLS=str(transport == "starttls").lower(), LDAP_CA_FILE=str(stranger / "ca.pem"))

    response = sign_in(client, "anv")

    assert response.status_code == 200 and not signed_in(client)
    assert DIRECTORY_NOT_ANSWERING in response.content.decode()


def test_the_readme_example_configures_the_directory():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    example = re.search(r"A worked Active Directory example.*?```sh\n(.*?)```", readme, re.S).group(1)

    class ReadmeEnv(environ.Env):
        ENVIRON = {}

    (env_file := Path(tempfile.mkdtemp()) / ".env").write_text(example)
    ReadmeEnv.read_env(env_file)
    values = directory_settings(ReadmeEnv())

    config = values["PORTAL_DIRECTORY"]
    assert set(config["role_groups"]) == {roles.EDITORS, roles.CORRESPONDENTS, roles.ADMINISTRATORS}
    assert config["domains"] == ["corp.vietsov.com.vn", "vietsov"]
    assert values["AUTH_LDAP_SERVER_URI"].split() == [
        "ldaps://dc1.corp.vietsov.com.vn",
        "ldaps://dc2.corp.vietsov.com.vn",
    ]
    assert config["correspondent_units"] == "groups" and "Viện NIPI" in config["unit_groups"]


@pytest.mark.parametrize(
    "uri, start_tls, warned",
    [
        ("ldap://dc1.corp.example", "false", True),
        ("ldap://dc1.corp.example", "true", False),
        ("ldaps://dc1.corp.example", "false", False),
        ("ldaps://dc1.corp.example ldap://dc2.corp.example", "false", True),
    ],
)
def test_deploy_check_warns_about_passwords_in_clear_text(settings, uri, start_tls, warned):
    configure(settings, uri, LDAP_START_TLS=start_tls)
    settings.DEBUG = False

    assert [w.id for w in check_directory_transport()] == (["portal.W001"] if warned else [])


def test_no_directory_by_default(settings):
    assert settings.PORTAL_DIRECTORY is None
    assert "portal.auth.DirectoryBackend" not in settings.AUTHENTICATION_BACKENDS


@pytest.mark.parametrize(
    "variable, value",
    [("LDAP_ROLE_GROUPS", "{not json"), ("LDAP_ROLE_GROUPS", '["a list"]'), ("LDAP_GROUP_TYPE", "posix")],
)
def test_a_mistyped_setting_says_what_is_wrong(settings, variable, value):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=variable):
        configure(settings, "ldap://dc1.corp.example", **{variable: value})


# A user name given to someone else ---------------------------------------------------------------------------------


def give_anvs_name_to_a_newcomer(company):
    company.delete(person_dn("NIPI", "Nguyen Van An"))
    company.add_person("anv", "CNTT", "Nguyen Van Anh", "Trung tâm CNTT&LL")


@needs_slapd
def test_a_newcomer_given_a_leavers_name_gets_an_account_of_their_own(client, company):
    sign_in(client, "anv")
    client.logout()
    leaver = User.objects.get(username="anv")
    give_anvs_name_to_a_newcomer(company)  # before any sync has run

    assert sign_in(client, "anv").status_code == 302
    newcomer = User.objects.get(pk=client.session["_auth_user_id"])
    leaver.refresh_from_db()
    assert newcomer.pk != leaver.pk and newcomer.username == "anv" and newcomer.first_name == "Anh"
    assert not newcomer.groups.exists()  # not the leaver's editor role
    assert leaver.username == f"anv.left.{leaver.pk}" and not leaver.is_active


@needs_slapd
def test_sync_closes_the_account_of_a_leaver_whose_name_was_given_to_someone_else(client, company):
    sign_in(client, "anv")
    client.logout()
    give_anvs_name_to_a_newcomer(company)

    report = run_sync()

    assert not User.objects.get(username="anv").is_active and "gone" in report
