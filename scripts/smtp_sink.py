#!/usr/bin/python3
"""smtp_sink.py: a real SMTP server (aiosmtpd) on 127.0.0.1 that stores every message it accepts.

Each accepted message becomes SPOOL/NNNNNN.eml (the bytes as received) and SPOOL/NNNNNN.json
(envelope: mail_from, rcpt_tos; received_at: when the final dot was accepted, seconds since
the epoch). Tests steer failures through SPOOL/control.json, read on
every command, e.g. {"rcpt": {"bad@example.ru": "550 5.1.1 No such user"},
"data": "451 4.3.0 Try again later"}; an absent file means accept everything.
With --tls-cert/--tls-key the sink requires STARTTLS before MAIL; with --auth-user and
--auth-password-file it requires SMTP AUTH too, and only over TLS (aiosmtpd refuses AUTH in
plain text). The .json then also says "tls" (true when the message came over TLS) and
"auth_user".
Run with Debian's python3 (python3-aiosmtpd): /usr/bin/python3 smtp_sink.py --port P --spool DIR
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class SpoolHandler:
    def __init__(self, spool):
        self.spool = spool
        self.count = len([n for n in os.listdir(spool) if n.endswith(".eml")])

    def control(self):
        try:
            with open(os.path.join(self.spool, "control.json"), encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.control().get("rcpt", {}).get(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        answer = self.control().get("data")
        if answer:
            return answer
        self.count += 1
        base = os.path.join(self.spool, "%06d" % self.count)
        data = envelope.original_content or envelope.content
        with open(base + ".tmp", "wb") as f:
            f.write(data)
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "received_at": time.time(), "tls": session.ssl is not None,
                       "auth_user": session.auth_data.login.decode()
                       if isinstance(session.auth_data, LoginPassword) else None}, f)
        os.rename(base + ".tmp", base + ".eml")  # readers see only whole messages
        return "250 2.0.0 Ok: queued as %06d" % self.count


class Authenticator:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == self.user
              and auth_data.password == self.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--spool", required=True)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--auth-user")
    ap.add_argument("--auth-password-file")
    args = ap.parse_args()
    os.makedirs(args.spool, exist_ok=True)
    options = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options.update(tls_context=context, require_starttls=True)
    if args.auth_user:
        with open(args.auth_password_file, encoding="utf-8") as f:
            password = f.read().rstrip("\n")
        options.update(authenticator=Authenticator(args.auth_user, password),
                       auth_required=True, auth_require_tls=True)
    controller = Controller(SpoolHandler(args.spool), hostname="127.0.0.1", port=args.port,
                            decode_data=False, data_size_limit=64 * 1024 * 1024, **options)
    controller.start()
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
