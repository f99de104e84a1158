"""A real OpenLDAP server (Debian's slapd) for the directory tests: no mock LDAP.

Each ``DirectoryServer`` runs unprivileged on a free local port, from its own folder, with a fixture tree
shaped like a company's Active Directory: units as OUs, people with ``sAMAccountName``, ``department`` and
``userAccountControl`` (a small schema gives slapd those Active Directory attributes, with the equality
rules searching needs), groups of names including a nested one, a disabled account and a service account
the portal binds with. Tests change the tree through ``modify``/``delete`` as the company's IT would.

Skipped where slapd is missing (``apt-get install slapd``; .ci/run installs it).
"""

import base64
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import ldap
import ldap.modlist
import pytest

SLAPD = shutil.which("slapd") or shutil.which("slapd", path="/usr/sbin:/usr/local/sbin")
SLAPADD = shutil.which("slapadd") or shutil.which("slapadd", path="/usr/sbin:/usr/local/sbin")
needs_slapd = pytest.mark.skipif(SLAPD is None, reason="slapd not installed: apt-get install slapd")

SCHEMA_DIR = Path("/etc/ldap/schema")
SCHEMAS = ("core.schema", "cosine.schema", "inetorgperson.schema")
BASE = "dc=corp,dc=example"
ADMIN_DN = f"cn=admin,{BASE}"
ADMIN_PASSWORD = "directory-admin-secret"
SERVICE_DN = f"cn=portal-reader,ou=Service,{BASE}"
SERVICE_PASSWORD = "portal-reader-secret"
PEOPLE_BASE = f"ou=Units,{BASE}"
GROUPS_BASE = f"ou=Groups,{BASE}"
PASSWORD = "Directory-Pass-1"  # every fixture person's

NORMAL, DISABLED = 512, 514  # userAccountControl: ACCOUNTDISABLE is bit 2

AD_ATTRIBUTES_SCHEMA = """
attributetype ( 1.3.6.1.4.1.55555.1.2.1 NAME 'sAMAccountName'
 EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
 SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.55555.1.2.2 NAME 'userPrincipalName'
 EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.55555.1.2.3 NAME 'department'
 EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.55555.1.2.4 NAME 'userAccountControl'
 EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.55555.1.1 NAME 'adAccount' AUXILIARY
 MAY ( sAMAccountName $ userAccountControl $ department $ userPrincipalName ) )
"""


def person_dn(unit_ou, cn):
    return f"cn={cn},ou={unit_ou},{PEOPLE_BASE}"


def group_dn(cn):
    return f"cn={cn},{GROUPS_BASE}"


# The company: units as OUs, people in them, groups (Press-Office sits inside Portal-Editors).
PEOPLE = {
    # username: (unit OU, cn, given name, surname, department, userAccountControl)
    "anv": ("NIPI", "Nguyen Van An", "Văn An", "Nguyễn", "Viện NIPI", NORMAL),
    "btt": ("CNTT", "Bui Thi Thu", "Thị Thu", "Bùi", "Trung tam CNTT&LL", NORMAL),
    "dnv": ("NIPI", "Do Ngoc Vinh", "Ngọc Vinh", "Đỗ", "Viện NIPI", DISABLED),
    "lvh": ("CNTT", "Le Van Hai", "Văn Hải", "Lê", "Trung tâm CNTT&LL", NORMAL),
    "admin": ("CNTT", "Directory Admin", "Directory", "Admin", "Trung tâm CNTT&LL", NORMAL),
}
GROUPS = {
    "Portal-Editors": [group_dn("Press-Office")],
    "Press-Office": [person_dn("NIPI", "Nguyen Van An")],
    "Portal-Correspondents": [person_dn("CNTT", "Bui Thi Thu"), person_dn("NIPI", "Do Ngoc Vinh")],
    "Portal-Administrators": [person_dn("CNTT", "Directory Admin")],
    "Correspondents-NIPI": [person_dn("CNTT", "Bui Thi Thu")],
    "Staff": [person_dn(ou, cn) for ou, cn, *_ in PEOPLE.values()],
}


def entries():
    yield BASE, {"objectClass": ["dcObject", "organization"], "dc": ["corp"], "o": ["Corp"]}
    for ou in ("Service", "Units", "Groups"):
        yield f"ou={ou},{BASE}", {"objectClass": ["organizationalUnit"], "ou": [ou]}
    yield (
        SERVICE_DN,
        {
            "objectClass": ["person"],
            "cn": ["portal-reader"],
            "sn": ["Portal"],
            "userPassword": [SERVICE_PASSWORD],
        },
    )
    for ou in sorted({values[0] for values in PEOPLE.values()}):
        yield f"ou={ou},{PEOPLE_BASE}", {"objectClass": ["organizationalUnit"], "ou": [ou]}
    for username, (ou, cn, given, surname, department, control) in PEOPLE.items():
        yield person_dn(ou, cn), person_attributes(username, cn, given, surname, department, control)
    for cn, members in GROUPS.items():
        yield group_dn(cn), {"objectClass": ["groupOfNames"], "cn": [cn], "member": members}


def person_attributes(username, cn, given, surname, department, control=NORMAL):
    return {
        "objectClass": ["inetOrgPerson", "adAccount"],
        "cn": [cn],
        "givenName": [given],
        "sn": [surname],
        "mail": [f"{username}@corp.example"],
        "sAMAccountName": [username],
        "userPrincipalName": [f"{username}@corp.example"],
        "department": [department],
        "userAccountControl": [str(control)],
        "userPassword": [PASSWORD],
    }


def ldif_line(name, value):
    if value.isascii() and not value.startswith((" ", ":", "<")):
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode()).decode()}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_certificates(folder):
    """A CA and a certificate for 127.0.0.1 it signed (openssl), as a company CA signs its domain controllers'."""

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)

    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Corp Test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    )
    openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr"
    )
    (Path(folder) / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.cnf",
        "-out",
        "server.pem",
    )


class DirectoryServer:
    def __init__(self, folder, tls=False):
        self.folder = Path(folder)
        self.port = free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.tls = tls
        self.ldaps_uri = f"ldaps://127.0.0.1:{free_port()}" if tls else None
        self.ca_file = self.folder / "ca.pem" if tls else None
        self.process = None

    def start(self):
        (self.folder / "db").mkdir(parents=True, exist_ok=True)
        (self.folder / "ad.schema").write_text(AD_ATTRIBUTES_SCHEMA)
        tls_lines = []
        if self.tls:
            make_certificates(self.folder)
            tls_lines = [
                f"TLSCACertificateFile {self.folder / 'ca.pem'}",
                f"TLSCertificateFile {self.folder / 'server.pem'}",
                f"TLSCertificateKeyFile {self.folder / 'server.key'}",
            ]
        config = self.folder / "slapd.conf"
        config.write_text(
            "\n".join(
                [
                    *(f"include {SCHEMA_DIR / name}" for name in SCHEMAS),
                    f"include {self.folder / 'ad.schema'}",
                    f"pidfile {self.folder / 'slapd.pid'}",
                    *tls_lines,
                    "modulepath /usr/lib/ldap",
                    "moduleload back_mdb",
                    "database mdb",
                    "maxsize 10485760",
                    f'suffix "{BASE}"',
                    f'rootdn "{ADMIN_DN}"',
                    f"rootpw {ADMIN_PASSWORD}",
                    f"directory {self.folder / 'db'}",
                    # People read themselves and the portal reads everyone; nobody else reads anything.
                    "access to attrs=userPassword by self write by anonymous auth by * none",
                    f'access to * by dn.exact="{SERVICE_DN}" read by self read by * none',
                    "",
                ]
            )
        )
        tree = self.folder / "tree.ldif"
        tree.write_text(
            "\n\n".join(
                "\n".join([ldif_line("dn", dn)] + [ldif_line(k, v) for k, values in attrs.items() for v in values])
                for dn, attrs in entries()
            )
            + "\n"
        )
        subprocess.run([SLAPADD, "-q", "-f", str(config), "-l", str(tree)], check=True, capture_output=True)
        self.process = subprocess.Popen(
            [
                SLAPD,
                "-f",
                str(config),
                "-h",
                " ".join(f"{uri}/" for uri in (self.uri, self.ldaps_uri) if uri),
                "-d",
                "0",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.admin().unbind_s()
                return self
            except ldap.SERVER_DOWN:
                time.sleep(0.05)
        raise RuntimeError("slapd did not start")

    def stop(self):
        if self.process is not None:
            self.resume()
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def pause(self):
        """A directory that accepts connections and never answers: slower than any timeout."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)

    def admin(self):
        connection = ldap.initialize(self.uri, bytes_mode=False)
        connection.set_option(ldap.OPT_NETWORK_TIMEOUT, 2)
        connection.simple_bind_s(ADMIN_DN, ADMIN_PASSWORD)
        return connection

    def modify(self, dn, **attributes):
        """Replace attributes of an entry (``member=[…]``, ``userAccountControl=["514"]``)."""
        connection = self.admin()
        connection.modify_s(
            dn, [(ldap.MOD_REPLACE, name, [v.encode() for v in values]) for name, values in attributes.items()]
        )
        connection.unbind_s()

    def add_person(self, username, ou, cn, department, control=NORMAL):
        connection = self.admin()
        attrs = person_attributes(username, cn, cn.split()[-1], cn.split()[0], department, control)
        connection.add_s(
            person_dn(ou, cn), ldap.modlist.addModlist({k: [v.encode() for v in vs] for k, vs in attrs.items()})
        )
        connection.unbind_s()

    def delete(self, dn):
        connection = self.admin()
        connection.delete_s(dn)
        connection.unbind_s()

    def group_members(self, cn):
        return list(GROUPS[cn])
