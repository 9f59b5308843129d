#!/usr/bin/python3
"""bench_parse_python.py: Python's email package over a list of letters (run_parse_bench.sh).

BytesParser(policy=policy.default).parsebytes, then get_content() on every leaf part
(text decoded to str and counted as UTF-8, other parts decoded to bytes), as in
shared/reference/speed-anchors.md. Prints one line in the format of bench_parse_obrd.

usage: bench_parse_python.py LIST_FILE
"""
import resource
import sys
import time
from email import policy
from email.parser import BytesParser


def main():
    files = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    parser = BytesParser(policy=policy.default)
    size = text_bytes = attachment_bytes = parts = 0
    start = time.perf_counter()
    for path in files:
        with open(path, "rb") as f:
            raw = f.read()
        size += len(raw)
        message = parser.parsebytes(raw)
        for part in message.walk():
            if part.is_multipart():
                continue
            parts += 1
            try:
                content = part.get_content()
            except Exception:  # malformed parts: the peer's own failure, counted as nothing
                continue
            if isinstance(content, str):
                text_bytes += len(content.encode("utf-8", "replace"))
            elif isinstance(content, bytes):
                attachment_bytes += len(content)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"impl=python letters={len(files)} bytes={size} seconds={seconds:.6f} text_bytes={text_bytes} "
          f"attachment_bytes={attachment_bytes} parts={parts} maxrss_kb={rss}")


if __name__ == "__main__":
    main()
