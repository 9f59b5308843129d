#!/usr/bin/python3
"""make_big_letter.py: writes one large letter (default 25 MB) for the memory benchmark.

A multipart/mixed letter with a short UTF-8 text and one base64 attachment of random
bytes (seeded, so runs compare), like gen_mailbox.py --big25 in speed-anchors.md.

usage: make_big_letter.py OUT.eml [SIZE_MB]
"""
import base64
import random
import sys


def main():
    out = sys.argv[1]
    size_mb = float(sys.argv[2]) if len(sys.argv) > 2 else 25.0
    payload_len = int(size_mb * 1_000_000 * 3 / 4 * 76 / 78) - 2000
    rng = random.Random(20240601)
    payload = base64.encodebytes(rng.randbytes(payload_len)).replace(b"\n", b"\r\n")
    head = (
        "From: =?UTF-8?B?0JjQstCw0L3QvtCy?= <ivanov@example.ru>\r\n"
        "To: mszso@sakhalin.gov.ru\r\nSubject: =?UTF-8?B?0JHQvtC70YzRiNC+0Lkg0YTQsNC50Ls=?=\r\n"
        "Date: Mon, 14 Sep 2026 10:00:00 +1100\r\nMessage-ID: <big25@example.ru>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Добрый день! Направляем документы.\r\n--b\r\n"
        "Content-Type: application/pdf; name=\"scan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename*=UTF-8''%D1%81%D0%BA%D0%B0%D0%BD.pdf\r\n\r\n"
    ).encode("utf-8")
    with open(out, "wb") as f:
        f.write(head + payload + b"--b--\r\n")


if __name__ == "__main__":
    main()
