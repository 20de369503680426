#!/usr/bin/python3
"""A local SMTP server for the integration tests (Debian's python3-aiosmtpd).

Run it with /usr/bin/python3 (the python3 on PATH may lack the Debian packages). It listens on
127.0.0.1 on a port the kernel picks and prints one JSON object per line on stdout:

  {"ready": <port>}                                  once, when it accepts connections
  {"mail_from": ..., "rcpt_tos": [...], "data": ..., "login": ..., "password": ...}
                                                     for every message accepted (data is the
                                                     message as received, dot-unstuffed)

Options:
  --auth USER:PASSWORD  offer AUTH (PLAIN, LOGIN) without TLS and require it before MAIL
  --reject              answer every message with 550 (to test delivery failures)

It runs until SIGTERM or SIGINT, or until stdin closes (so it never outlives the test).
"""
import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Handler:
    def __init__(self, reject):
        self.reject = reject

    async def handle_DATA(self, server, session, envelope):
        if self.reject:
            return "550 5.7.1 Rejected by the test"
        auth = session.auth_data if isinstance(session.auth_data, LoginPassword) else None
        emit(
            {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "data": envelope.content.decode("utf-8", "replace"),
                "login": auth.login.decode() if auth else None,
                "password": auth.password.decode() if auth else None,
            }
        )
        return "250 2.0.0 OK"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return authenticate


async def main():
    # AUTH without TLS is what the tests want; aiosmtpd's warnings about it are noise.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--auth")
    parser.add_argument("--reject", action="store_true")
    args = parser.parse_args()

    kwargs = {"decode_data": False, "hostname": "smtp.test"}
    if args.auth:
        user, _, password = args.auth.partition(":")
        kwargs.update(
            authenticator=make_authenticator(user, password),
            auth_required=True,
            auth_require_tls=False,
        )
    handler = Handler(args.reject)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, **kwargs), "127.0.0.1", 0)
    emit({"ready": server.sockets[0].getsockname()[1]})

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    fd = sys.stdin.fileno()
    loop.add_reader(fd, lambda: stop.set() if not os.read(fd, 4096) else None)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
