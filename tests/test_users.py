"""User management through HTTP: administrators manage; nobody raises their own rights."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from news.roles import ADMINISTRATORS, CORRESPONDENTS, EDITORS
from tests.factories import UnitFactory, UserFactory, administrator, correspondent, editor

pytestmark = pytest.mark.django_db
User = get_user_model()


def user_change_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "groups": [group.pk for group in user.groups.all()],
        "units": [unit.pk for unit in user.assigned_units.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if getattr(user, flag):
            data[flag] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def group(name):
    return Group.objects.get(name=name)


def test_administrator_creates_a_correspondent_with_units(client):
    """Without a password (the person signs in with the company directory): roles are granted by someone who
    does not know the account's password."""
    unit = UnitFactory()
    client.force_login(administrator())
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "ctv-khoan",
            "usable_password": "false",
            "is_staff": "on",
            "groups": [group(CORRESPONDENTS).pk],
            "units": [unit.pk],
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    created = User.objects.get(username="ctv-khoan")
    assert created.is_staff and list(created.groups.all()) == [group(CORRESPONDENTS)]
    assert list(created.assigned_units.all()) == [unit] and not created.has_usable_password()


NEW_PASSWORD = {"usable_password": "true", "password1": "mat-khau-dai-123!", "password2": "mat-khau-dai-123!"}


@pytest.mark.parametrize("role", [EDITORS, CORRESPONDENTS])
def test_administrator_gives_no_role_to_an_account_whose_password_they_know(client, role):
    """Round three: a Quản trị put an account they had just made, with a password they chose, into "Biên tập
    viên", then signed in with it and published. Neither at creation nor afterwards."""
    client.force_login(administrator(username="quan-tri"))
    add_url = reverse("admin:auth_user_add")
    response = client.post(add_url, {"username": "tay-trong", **NEW_PASSWORD, "groups": [group(role).pk]})
    assert response.status_code == 200 and "groups" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="tay-trong").exists()
    # Made without a role first, then given one: the same account, the same password known.
    assert client.post(add_url, {"username": "tay-trong", **NEW_PASSWORD}).status_code == 302
    made = User.objects.get(username="tay-trong")
    client.post(reverse("admin:auth_user_change", args=[made.pk]), user_change_data(made, groups=[group(role).pk]))
    assert not made.groups.exists()
    # An account whose password the administrator never knew may get the role from them.
    stranger = UserFactory(username="nguoi-khac")
    stranger_url = reverse("admin:auth_user_change", args=[stranger.pk])
    client.post(stranger_url, user_change_data(stranger, groups=[group(role).pk]))
    assert list(stranger.groups.values_list("name", flat=True)) == [role]


def test_administrator_assigns_units_and_groups_to_an_existing_user(client):
    unit = UnitFactory()
    target = UserFactory(is_staff=True)
    client.force_login(administrator())
    data = user_change_data(target, groups=[group(EDITORS).pk], units=[unit.pk])
    assert client.post(reverse("admin:auth_user_change", args=[target.pk]), data).status_code == 302
    target.refresh_from_db()
    assert list(target.groups.all()) == [group(EDITORS)] and list(target.assigned_units.all()) == [unit]


def test_opening_ones_own_account_does_not_lock_the_roles_of_others(client):
    """The own-account lock once disabled the form class's shared fields: after any administrator had
    opened their own account, nobody's units or groups could be changed until the server restarted."""
    admin_user = administrator()
    client.force_login(admin_user)
    assert client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).status_code == 200
    test_administrator_assigns_units_and_groups_to_an_existing_user(client)


def test_administrator_deactivates_users_but_not_themselves(client):
    admin_user = administrator()
    leaving = UserFactory()
    client.force_login(admin_user)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [leaving.pk, admin_user.pk]},
    )
    leaving.refresh_from_db()
    admin_user.refresh_from_db()
    assert not leaving.is_active and admin_user.is_active
    assert not client.login(username=leaving.username, password="secret-pass-123")


@pytest.mark.parametrize("make_user", [editor, correspondent, lambda: UserFactory(is_staff=False)])
def test_only_administrators_manage_users_and_groups(client, make_user):
    target = UserFactory()
    client.force_login(make_user())
    for url in [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[target.pk]),
        reverse("admin:auth_group_changelist"),
    ]:
        assert client.get(url).status_code in (302, 403), url
    client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        user_change_data(target, groups=[group(ADMINISTRATORS).pk], is_staff="on"),
    )
    target.refresh_from_db()
    assert not target.groups.exists() and not target.is_staff


def test_editor_cannot_grant_themselves_administration(client):
    user = editor()
    client.force_login(user)
    client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        user_change_data(user, groups=[group(EDITORS).pk, group(ADMINISTRATORS).pk], is_superuser="on"),
    )
    user.refresh_from_db()
    assert list(user.groups.all()) == [group(EDITORS)] and not user.is_superuser


def test_administrator_cannot_change_their_own_roles(client):
    user = administrator()
    client.force_login(user)
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        user_change_data(
            user, groups=[group(ADMINISTRATORS).pk, group(EDITORS).pk], is_superuser="on", first_name="Tên mới"
        ),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Tên mới", "the rest of their own profile stays editable"
    assert list(user.groups.all()) == [group(ADMINISTRATORS)]
    assert not user.is_superuser
    assert not user.has_perm("news.publish_article")


def test_administrator_cannot_make_anyone_superuser_or_grant_single_permissions(client):
    target = UserFactory(is_staff=True)
    client.force_login(administrator())
    publish = Permission.objects.get(codename="publish_article")
    client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        user_change_data(target, is_superuser="on", user_permissions=[publish.pk]),
    )
    target.refresh_from_db()
    assert not target.is_superuser and not target.user_permissions.exists()


def test_administrator_cannot_take_over_a_superuser_account(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(administrator())
    assert client.get(reverse("admin:auth_user_change", args=[root.pk])).status_code in (200, 302)
    client.post(reverse("admin:auth_user_change", args=[root.pk]), user_change_data(root, email="x@example.com"))
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    response = client.post(password_url, {"password1": "chiem-quyen-123!", "password2": "chiem-quyen-123!"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email != "x@example.com" and root.check_password("secret-pass-123")


def test_administrator_sets_no_password_of_an_account_with_more_rights(client):
    """Round three: a Quản trị could set an editor's password, and then publish as the editor."""
    chief = editor(username="bien-tap")
    inactive_chief = editor(username="bien-tap-cu", is_active=False)  # rights held, if reactivated
    plain = UserFactory(username="nhan-vien")
    client.force_login(administrator())
    new_password = {"password1": "chiem-quyen-123!", "password2": "chiem-quyen-123!"}

    for account in (chief, inactive_chief):
        response = client.post(reverse("admin:auth_user_password_change", args=[account.pk]), new_password)
        assert response.status_code == 403
        account.refresh_from_db()
        assert not account.check_password("chiem-quyen-123!")
    # An account holding no more than the administrator's rights: theirs to help with, as before.
    response = client.post(reverse("admin:auth_user_password_change", args=[plain.pk]), new_password)
    assert response.status_code == 302
    plain.refresh_from_db()
    assert plain.check_password("chiem-quyen-123!")


def test_administrator_cannot_widen_their_own_group(client):
    client.force_login(administrator())
    own = group(ADMINISTRATORS)
    publish = Permission.objects.get(codename="publish_article")
    response = client.post(
        reverse("admin:auth_group_change", args=[own.pk]),
        {"name": own.name, "permissions": [*own.permissions.values_list("pk", flat=True), publish.pk]},
    )
    assert response.status_code == 403
    assert not own.permissions.filter(pk=publish.pk).exists()


def test_administrator_cannot_give_a_group_rights_they_do_not_hold(client):
    client.force_login(administrator())
    publish = Permission.objects.get(codename="publish_article")
    response = client.post(reverse("admin:auth_group_add"), {"name": "Nhóm mới", "permissions": [publish.pk]})
    assert response.status_code == 200 and "permissions" in response.context["adminform"].form.errors
    assert not Group.objects.filter(name="Nhóm mới").exists()


def test_every_change_of_roles_is_recorded_for_superusers_to_read(client):
    """Round three: who gave whom which role, and when, was written nowhere."""
    from news.models import RoleChange

    admin_user = administrator(username="quan-tri")
    person = UserFactory(username="nguoi-moi", is_staff=False)
    client.force_login(admin_user)
    data = user_change_data(person, groups=[group(CORRESPONDENTS).pk], is_staff="on")
    assert client.post(reverse("admin:auth_user_change", args=[person.pk]), data).status_code == 302
    person.refresh_from_db()
    client.post(reverse("admin:auth_user_change", args=[person.pk]), user_change_data(person, first_name="Tên"))

    record = RoleChange.objects.get()  # the second save changed no role: no record
    assert (record.actor, record.account, record.actor_name, record.account_name) == (
        admin_user,
        person,
        "quan-tri",
        "nguoi-moi",
    )
    assert CORRESPONDENTS in record.change and record.changed_at is not None
    # Superusers read it; the administrator who made it does not.
    assert client.get(reverse("admin:news_rolechange_changelist")).status_code == 403
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:news_rolechange_changelist"))
    assert listing.status_code == 200 and "nguoi-moi" in listing.content.decode()
