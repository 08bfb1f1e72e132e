#!/usr/bin/python3
"""A loopback SMTP server for 9pic-help's integration tests.

Built on Debian's python3-aiosmtpd. It binds a free port on the loopback
address, prints `READY <port>` on stdout once it accepts connections, and
stores every accepted message, byte for byte as the client sent it (after
SMTP dot-unstuffing), as `<n>.eml` in the spool directory, with the envelope
beside it as `<n>.json`. Files are written to a temporary name and renamed,
so a reader never sees half a message.

Options:
  --spool DIR           where messages are stored (required)
  --user NAME           require AUTH PLAIN/LOGIN as NAME ...
  --password-file FILE  ... with the password in FILE (never on the command line)
  --mode MODE           ok (default) | 451-data | 451-mail: answer 451 instead
                        of accepting the message (DATA) or the sender (MAIL)
  --tls KIND            starttls (offered and required) | wrapper (TLS from the
                        first byte), with --tls-cert FILE and --tls-key FILE (PEM)

It stops when its standard input closes or on SIGTERM/SIGINT, so a test that
dies cannot leave it behind.
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    """The aiosmtpd handler: stores messages, or answers 451 in a failure mode."""

    def __init__(self, spool, mode):
        self.spool = spool
        self.mode = mode
        self.count = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mode == "451-mail":
            return "451 4.3.0 Temporary failure, try again later (test mode)"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "451-data":
            return "451 4.3.0 Temporary failure, try again later (test mode)"
        self.count += 1
        stem = os.path.join(self.spool, "%d" % self.count)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "authenticated": bool(session.authenticated),
        }
        write_atomically(stem + ".eml", envelope.original_content or envelope.content)
        write_atomically(stem + ".json", json.dumps(meta).encode())
        return "250 2.0.0 Message accepted"


def write_atomically(path, data):
    """Write data to a temporary file and rename it into place."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


class Authenticator:
    """Accepts exactly one user name and password (AUTH PLAIN or LOGIN)."""

    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self.user
            and auth_data.password == self.password
        )
        return AuthResult(success=ok, handled=False)


def parse_args():
    p = argparse.ArgumentParser(description="loopback SMTP test server")
    p.add_argument("--spool", required=True)
    p.add_argument("--user")
    p.add_argument("--password-file")
    p.add_argument("--mode", choices=["ok", "451-data", "451-mail"], default="ok")
    p.add_argument("--tls", choices=["starttls", "wrapper"])
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    args = p.parse_args()
    if (args.user is None) != (args.password_file is None):
        p.error("--user and --password-file go together")
    if (args.tls is None) != (args.tls_cert is None) or (args.tls_cert is None) != (args.tls_key is None):
        p.error("--tls, --tls-cert and --tls-key go together")
    return args


async def serve(args):
    loop = asyncio.get_running_loop()
    handler = Recorder(args.spool, args.mode)
    params = {"hostname": "localhost", "timeout": 30}
    if args.user is not None:
        with open(args.password_file, encoding="utf-8") as f:
            password = f.read()
        params.update(
            authenticator=Authenticator(args.user, password),
            auth_required=True,
            auth_require_tls=False,
        )
    wrapper = None
    if args.tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        if args.tls == "starttls":
            params.update(tls_context=context, require_starttls=True)
        else:
            wrapper = context
    server = await loop.create_server(
        lambda: SMTP(handler, loop=loop, **params), host="127.0.0.1", port=0, ssl=wrapper
    )
    port = server.sockets[0].getsockname()[1]

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Closing stdin (the test finished or died) also stops the server.
    loop.add_reader(sys.stdin.fileno(), lambda: stdin_ready(stop))

    print("READY %d" % port, flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()


def stdin_ready(stop):
    """Stop on end of file on stdin; ignore anything written to it."""
    if not os.read(sys.stdin.fileno(), 4096):
        stop.set()


def main():
    # aiosmtpd warns about AUTH without TLS; that is the point of a loopback test server.
    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)
    args = parse_args()
    os.makedirs(args.spool, exist_ok=True)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
