"""The company directory (Active Directory, or any LDAP server) as configured from the environment.

``LDAP_SERVER_URI`` unset: there is no directory, every account is the portal's own and nothing here
talks to a network. Set: ``directory_settings()`` turns the ``LDAP_*`` variables (README, "Sign-in with
the company directory") into django-auth-ldap's ``AUTH_LDAP_*`` settings and the portal's own
``PORTAL_DIRECTORY``; news/services/directory.py signs people in and keeps their accounts in step.

Also here, at the bottom of the layers so that the settings, ``/healthz`` (ops) and the sign-in backend
can all use them: the directory's health (``directory_answers``), the connection the portal binds with
(``open_connection``) and the ``check --deploy`` warning about clear text (``check_directory_transport``).
The user names people type (``CORP\\anv``, ``anv@corp.example``, ``ANV``) become one name in
``directory_username``, for the backend and for django-axes' lockout count alike.
"""

import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

ROLE_SETTINGS_HELP = 'LDAP_ROLE_GROUPS is JSON: {"portal group name": "group DN" or ["DN", …], …}'
UNIT_GROUPS_HELP = 'LDAP_UNIT_GROUPS is JSON: {"unit name, short name or alias": "group DN" or ["DN", …], …}'
CORRESPONDENT_UNIT_SOURCES = ("", "unit", "groups")
GROUP_TYPES = ("active_directory", "group_of_names")


def directory_settings(env):
    """The settings for ``settings.py`` to merge: ``{"PORTAL_DIRECTORY": None}`` without a directory."""
    uri = env.str("LDAP_SERVER_URI", default="")
    if not uri:
        return {"PORTAL_DIRECTORY": None}
    import ldap
    from django_auth_ldap.config import LDAPSearch, NestedActiveDirectoryGroupType, NestedGroupOfNamesType

    user_base = env.str("LDAP_USER_SEARCH_BASE", default="")
    if not user_base:
        raise ImproperlyConfigured("LDAP_USER_SEARCH_BASE must be set with LDAP_SERVER_URI (where the accounts are).")
    username_attribute = env.str("LDAP_USERNAME_ATTRIBUTE", default="sAMAccountName")
    id_attribute = env.str("LDAP_ID_ATTRIBUTE", default="objectGUID")
    people_filter = env.str("LDAP_USER_FILTER", default="(&(objectCategory=person)(objectClass=user))")
    group_type = env.str("LDAP_GROUP_TYPE", default="active_directory")
    if group_type not in GROUP_TYPES:
        raise ImproperlyConfigured(f"LDAP_GROUP_TYPE must be one of {', '.join(GROUP_TYPES)}, not {group_type!r}.")
    group_class = "group" if group_type == "active_directory" else "groupOfNames"
    correspondent_units = env.str("LDAP_CORRESPONDENT_UNITS", default="")
    if correspondent_units not in CORRESPONDENT_UNIT_SOURCES:
        raise ImproperlyConfigured("LDAP_CORRESPONDENT_UNITS must be empty, 'unit' or 'groups'.")
    timeout = env.float("LDAP_TIMEOUT", default=3.0)
    start_tls = env.bool("LDAP_START_TLS", default=False)
    ca_file = env.str("LDAP_CA_FILE", default="")

    connection_options = {
        # A directory that does not answer fails the sign-in within seconds; the portal goes on.
        ldap.OPT_NETWORK_TIMEOUT: timeout,
        ldap.OPT_TIMEOUT: timeout,
        # Active Directory's referrals to other domains would be chased with an anonymous bind: never.
        ldap.OPT_REFERRALS: 0,
    }
    if ca_file:
        connection_options[ldap.OPT_X_TLS_CACERTFILE] = ca_file
    if ca_file or start_tls or uri.lower().startswith("ldaps://"):
        connection_options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        # Last: makes the TLS options above take effect on this connection.
        connection_options[ldap.OPT_X_TLS_NEWCTX] = 0

    return {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": env.str("LDAP_BIND_DN", default=""),
        "AUTH_LDAP_BIND_PASSWORD": env.str("LDAP_BIND_PASSWORD", default=""),
        "AUTH_LDAP_START_TLS": start_tls,
        "AUTH_LDAP_CONNECTION_OPTIONS": connection_options,
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            user_base,
            ldap.SCOPE_SUBTREE,
            f"(&{people_filter}({username_attribute}=%(user)s))",
            ["*", id_attribute],  # an operational attribute on some servers (entryUUID): asked for by name
        ),
        "AUTH_LDAP_USER_ATTR_MAP": {
            "first_name": env.str("LDAP_FIRST_NAME_ATTRIBUTE", default="givenName"),
            "last_name": env.str("LDAP_LAST_NAME_ATTRIBUTE", default="sn"),
            "email": env.str("LDAP_EMAIL_ATTRIBUTE", default="mail"),
        },
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(
            env.str("LDAP_GROUP_SEARCH_BASE", default=user_base), ldap.SCOPE_SUBTREE, f"(objectClass={group_class})"
        ),
        # Nested: a member of a group inside a mapped group holds the role too.
        "AUTH_LDAP_GROUP_TYPE": (
            NestedActiveDirectoryGroupType() if group_type == "active_directory" else NestedGroupOfNamesType()
        ),
        "PORTAL_DIRECTORY": {
            "uri": uri,
            "user_base": user_base,
            "username_attribute": username_attribute,
            "id_attribute": id_attribute,
            "people_filter": people_filter,
            "unit_attribute": env.str("LDAP_UNIT_ATTRIBUTE", default="department"),
            "role_groups": json_setting(env, "LDAP_ROLE_GROUPS", ROLE_SETTINGS_HELP),
            "correspondent_units": correspondent_units,
            "unit_groups": json_setting(env, "LDAP_UNIT_GROUPS", UNIT_GROUPS_HELP),
            "domains": [d.lower() for d in env.list("LDAP_DOMAINS", default=[]) or domains_of(user_base)],
            "start_tls": start_tls,
            "timeout": timeout,
        },
    }


def json_setting(env, name, help_text):
    """``{name: [DN, …]}`` from a JSON object whose values are one DN or a list of them."""
    raw = env.str(name, default="")
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON ({error}). {help_text}") from error
    if not isinstance(value, dict) or not all(isinstance(v, str | list) for v in value.values()):
        raise ImproperlyConfigured(f"{name} must be a JSON object. {help_text}")
    return {key: [dns] if isinstance(dns, str) else list(dns) for key, dns in value.items()}


def domains_of(base_dn):
    """The DNS domain a base DN's DC= parts spell ("OU=Staff,DC=corp,DC=example" → "corp.example") and its
    first label, the usual NetBIOS name: the domains people may type before or after their user name."""
    labels = [part.split("=", 1)[1] for part in base_dn.split(",") if part.strip().lower().startswith("dc=")]
    return [".".join(labels), labels[0]] if labels else []


def directory():
    """The portal's directory settings, or None without a directory."""
    return getattr(settings, "PORTAL_DIRECTORY", None)


def directory_username(username):
    """The directory user name in what someone typed: ``CORP\\anv`` and ``anv@corp.example`` are ``anv``
    when CORP and corp.example are the directory's domains (LDAP_DOMAINS); names are case-insensitive there."""
    name = (username or "").strip()
    config = directory()
    if config is None:
        return name
    domains = config["domains"]
    if "\\" in name:
        domain, _, rest = name.partition("\\")
        if domain.lower() in domains:
            name = rest
    elif "@" in name:
        rest, _, domain = name.rpartition("@")
        if domain.lower() in domains:
            name = rest
    return name.lower()


LOCKOUT_NAME_LENGTH = 255  # django-axes' column: a longer name typed at sign-in must not become a server error


def lockout_username(request, credentials):
    """django-axes counts failures per person, not per spelling: ``CORP\\ANV`` and ``anv`` are one count."""
    return directory_username((credentials or {}).get("username", ""))[:LOCKOUT_NAME_LENGTH]


# Health --------------------------------------------------------------------------------------------------------------

HEALTH_SECONDS = 15
_last_health = {}  # server URI → (when asked, answered)


def directory_answers():
    """None without a directory; else whether it accepts the portal's bind now (remembered for a few seconds:
    the load balancer asks often, and a directory that is down must not make every health check wait)."""
    config = directory()
    if config is None:
        return None
    now = time.monotonic()
    asked, answered = _last_health.get(config["uri"], (None, False))
    if asked is None or now - asked > HEALTH_SECONDS:
        answered = bind_succeeds()
        _last_health[config["uri"]] = (now, answered)
    return answered


def bind_succeeds():
    import ldap

    try:
        connection = open_connection()
        connection.unbind_s()
    except ldap.LDAPError:
        return False
    return True


def open_connection():
    """A connection bound as the portal's directory account, with the configured timeouts and TLS."""
    import ldap

    connection = ldap.initialize(settings.AUTH_LDAP_SERVER_URI, bytes_mode=False)
    for option, value in settings.AUTH_LDAP_CONNECTION_OPTIONS.items():
        connection.set_option(option, value)
    if settings.AUTH_LDAP_START_TLS:
        connection.start_tls_s()
    connection.simple_bind_s(settings.AUTH_LDAP_BIND_DN, settings.AUTH_LDAP_BIND_PASSWORD)
    return connection


# Checks --------------------------------------------------------------------------------------------------------------


@checks.register(checks.Tags.security, deploy=True)
def check_directory_transport(app_configs=None, **kwargs):
    """Passwords go to the directory on every sign-in: never in clear text in production."""
    config = directory()
    if config is None or settings.DEBUG:
        return []
    schemes = {urlsplit(uri).scheme.lower() for uri in config["uri"].split()}  # several servers, space-separated
    if "ldap" in schemes and not config["start_tls"]:
        return [
            checks.Warning(
                "The directory is reached over plain ldap:// without StartTLS: every sign-in sends an employee's "
                "password in clear text.",
                hint="Use an ldaps:// LDAP_SERVER_URI or set LDAP_START_TLS=true (with LDAP_CA_FILE for the CA).",
                id="portal.W001",
            )
        ]
    return []


def managed_user_fields():
    """The user form's fields the directory fills for its people: read-only in the newsroom for them."""
    config = directory()
    if config is None:
        return []
    fields = ["username", "first_name", "last_name", "email", "work_unit"]
    if config["role_groups"]:
        fields += ["groups", "is_staff"]
    if config["correspondent_units"]:
        fields += ["units"]
    return fields
