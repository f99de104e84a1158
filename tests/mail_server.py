"""A real SMTP server for tests (aiosmtpd) on a free local port: the portal's mail goes out over SMTP as in
production, and tests read what the server received, headers and parts parsed as a mail client would. It can
refuse the next messages with a 451 (a temporary failure: "try again later") to test retries."""

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """aiosmtpd's handler: keeps every message accepted, parsed (``email.message.EmailMessage``)."""

    def __init__(self):
        self.messages = []
        self.raw = []  # the bytes as they arrived, for what parsing hides (how headers were encoded)
        self.refusals_left = 0
        self.refused = 0
        self._lock = threading.Lock()  # the server runs in its own thread

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.refusals_left:
                self.refusals_left -= 1
                self.refused += 1
                return "451 4.3.0 Temporary failure, try again later"
            self.raw.append(envelope.original_content)
            self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 Message accepted for delivery"


class MailServer:
    """``with MailServer() as server:`` a server on ``server.host``:``server.port``; ``server.messages``."""

    host = "127.0.0.1"

    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname=self.host, port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()

    @property
    def messages(self):
        with self.mailbox._lock:
            return list(self.mailbox.messages)

    @property
    def raw_messages(self):
        with self.mailbox._lock:
            return list(self.mailbox.raw)

    def to(self, address):
        """The messages received for ``address``."""
        return [message for message in self.messages if address in message["To"]]

    def refuse_next(self, count):
        """Answer the next ``count`` messages with a 451, as a busy or greylisting server does."""
        with self.mailbox._lock:
            self.mailbox.refusals_left = count

    @property
    def refused(self):
        return self.mailbox.refused
