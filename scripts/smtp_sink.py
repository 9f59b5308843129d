#!/usr/bin/python3
"""smtp_sink.py: a real SMTP server (aiosmtpd) on 127.0.0.1 that stores every message it accepts.

Each accepted message becomes SPOOL/NNNNNN.eml (the bytes as received) and SPOOL/NNNNNN.json
(envelope: mail_from, rcpt_tos; received_at: when the final dot was accepted, seconds since
the epoch). Tests steer failures through SPOOL/control.json, read on
every command, e.g. {"rcpt": {"bad@example.ru": "550 5.1.1 No such user"},
"data": "451 4.3.0 Try again later"}; an absent file means accept everything.
Run with Debian's python3 (python3-aiosmtpd): /usr/bin/python3 smtp_sink.py --port P --spool DIR
"""
import argparse
import asyncio
import json
import os
import signal
import time

from aiosmtpd.controller import Controller


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
                       "received_at": time.time()}, f)
        os.rename(base + ".tmp", base + ".eml")  # readers see only whole messages
        return "250 2.0.0 Ok: queued as %06d" % self.count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--spool", required=True)
    args = ap.parse_args()
    os.makedirs(args.spool, exist_ok=True)
    controller = Controller(SpoolHandler(args.spool), hostname="127.0.0.1", port=args.port,
                            decode_data=False, data_size_limit=64 * 1024 * 1024)
    controller.start()
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
