#!/usr/bin/env python3
"""A stand-in for a mail provider's SMTP server (aiosmtpd, Debian's python3-aiosmtpd): writes each message it
accepts into the maildir MAILDIR.

usage: smtp-server.py PORT MAILDIR [--cert CERT --key KEY [--implicit-tls]] [--user USER --password PASSWORD]
                      [--drop-first-data] [--auth-log FILE]

With --cert and --key the server offers STARTTLS and refuses mail before it (or, with --implicit-tls, speaks
TLS from the first byte). With --user and --password it requires AUTH (PLAIN or LOGIN, only over TLS when TLS
is on) and writes each mechanism used, one per line, to --auth-log. With --drop-first-data it closes the
connection after receiving the first message's text, before answering it (the message is not kept).
Ends by itself when its parent process is gone.
"""
import argparse, asyncio, os, ssl, threading, time

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("maildir")
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--implicit-tls", action="store_true")
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--drop-first-data", action="store_true")
parser.add_argument("--auth-log")
args = parser.parse_args()


class Handler(Mailbox):
    dropped = False

    async def handle_DATA(self, server, session, envelope):
        if args.drop_first_data and not Handler.dropped:
            Handler.dropped = True
            server.transport.close()
            return "421 closing"
        return await super().handle_DATA(server, session, envelope)


def authenticator(server, session, envelope, mechanism, auth_data):
    if args.auth_log:
        with open(args.auth_log, "a") as log:
            log.write(mechanism + "\n")
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user \
        and auth_data.password.decode() == args.password
    # handled=False: aiosmtpd answers a refusal itself (535).
    return AuthResult(success=ok, handled=False)


context = None
if args.cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

options = dict(hostname="127.0.0.1", port=args.port)
if context and args.implicit_tls:
    options["ssl_context"] = context
elif context:
    options.update(tls_context=context, require_starttls=True)
if args.user:
    # aiosmtpd counts only STARTTLS as TLS for AUTH: with implicit TLS every exchange is already encrypted.
    options.update(authenticator=authenticator, auth_required=True,
                   auth_require_tls=context is not None and not args.implicit_tls)
controller = Controller(Handler(args.maildir), **options)
controller.start()

parent = os.getppid()
while os.getppid() == parent:
    time.sleep(0.5)
controller.stop()
