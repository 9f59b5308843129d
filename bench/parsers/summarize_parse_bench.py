#!/usr/bin/python3
"""summarize_parse_bench.py: the table of run_parse_bench.sh's results.

Per corpus and implementation: median seconds (min-max), letters/s, MB/s, peak RSS; the
time ratio to GMime taken per round, then its median; for the one-letter corpus, peak
RSS divided by the letter size. Also checks the goals set for obrd's parser.

usage: summarize_parse_bench.py RESULTS_FILE BIG_LETTER_BYTES
"""
import collections
import statistics
import sys


def main():
    rows = []
    for line in open(sys.argv[1]):
        fields = dict(kv.split("=", 1) for kv in line.split())
        rows.append(fields)
    big_bytes = int(sys.argv[2])
    by = collections.defaultdict(list)
    for r in rows:
        by[(r["corpus"], r["impl"])].append(r)
    ratios = collections.defaultdict(list)
    rounds = collections.defaultdict(dict)
    for r in rows:
        rounds[(r["corpus"], r["round"])][r["impl"]] = float(r["seconds"])
    for (corpus, _), times in rounds.items():
        if "gmime" in times:
            for impl, t in times.items():
                ratios[(corpus, impl)].append(t / times["gmime"])
    goals = []
    for corpus in ("small", "all", "big25"):
        print(f"\n## corpus {corpus}")
        print("| impl | secs median (min-max) | letters/s | MB/s | peak RSS MB | time / gmime (median, min-max) |"
              + (" RSS / letter |" if corpus == "big25" else ""))
        print("|---|---|---|---|---|---|" + ("---|" if corpus == "big25" else ""))
        for impl in ("obrd", "gmime", "python"):
            rs = by.get((corpus, impl))
            if not rs:
                continue
            secs = [float(r["seconds"]) for r in rs]
            med = statistics.median(secs)
            letters = int(rs[0]["letters"])
            size = int(rs[0]["bytes"])
            rss_mb = max(int(r["maxrss_kb"]) for r in rs) / 1024
            rat = ratios.get((corpus, impl), [])
            rat_text = f"{statistics.median(rat):.2f} ({min(rat):.2f}-{max(rat):.2f})" if rat else "-"
            extra = f" {rss_mb * 1048576 / big_bytes:.2f} |" if corpus == "big25" else ""
            print(f"| {impl} | {med:.3f} ({min(secs):.3f}-{max(secs):.3f}) | {letters / med:,.0f} | "
                  f"{size / med / 1e6:,.1f} | {rss_mb:.1f} | {rat_text} |{extra}")
        if (corpus, "obrd") in ratios and ratios[(corpus, "obrd")]:
            speedup = 1 / statistics.median(ratios[(corpus, "obrd")])
            if corpus == "all":
                goals.append(("throughput on the full mix >= 1.5x GMime", speedup, speedup >= 1.5))
            if corpus == "small":
                goals.append(("letters/s on small letters >= GMime", speedup, speedup >= 1.0))
        if corpus == "big25" and by.get(("big25", "obrd")):
            rss = max(int(r["maxrss_kb"]) for r in by[("big25", "obrd")]) * 1024 / big_bytes
            goals.append(("25 MB letter: peak RSS <= 1.5x its size", rss, rss <= 1.5))
    print("\n## goals")
    for name, value, ok in goals:
        print(f"- {name}: {value:.2f} -> {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
