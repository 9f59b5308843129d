#!/usr/bin/python3
"""check_report.py: the three renderings of one obrctl report agree, and the page draws.

Usage: check_report.py REPORT.json REPORT.csv REPORT.html WORKDIR

- the CSV opens with Python's csv (UTF-8 BOM, ";"), one block per table, with the JSON's
  titles, labels and numbers;
- the HTML is well-formed XML, titled with the period, one <svg> per chart;
- headless Chromium renders it (--screenshot) into a page that is not blank and shows the
  bar colour and the line colour of reports/render.cpp in enough pixels to be charts.
Prints what it checked; exits 1 with the reason on the first failure.
"""
import csv, json, os, struct, subprocess, sys, zlib
import xml.etree.ElementTree as ET

BAR = (0x2F, 0x6D, 0xB5)
LINE = (0xC0, 0x39, 0x2B)


def fail(why):
    print("check_report: " + why)
    sys.exit(1)


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG: " + path)
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                fail("unexpected PNG format depth %d colour %d" % (depth, colour))
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    jpath, cpath, hpath, work = sys.argv[1:5]
    report = json.load(open(jpath, encoding="utf-8"))
    raw = open(cpath, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail("the CSV has no UTF-8 BOM")
    rows = list(csv.reader(open(cpath, encoding="utf-8-sig", newline=""), delimiter=";"))
    blocks, block = [], []
    for r in rows:
        if not r:
            blocks.append(block)
            block = []
        else:
            block.append(r)
    blocks.append(block)
    if blocks[0][0][0] != report["title"]:
        fail("the CSV's first line is not the title")
    tables = report["tables"]
    if len(blocks) != len(tables) + 1:
        fail("the CSV has %d tables, the JSON %d" % (len(blocks) - 1, len(tables)))
    numbers = 0
    for t, b in zip(tables, blocks[1:]):
        if b[0][0] != t["title"]:
            fail("CSV table %r, JSON %r" % (b[0][0], t["title"]))
        if b[1][1:] != t["columns"]:
            fail("CSV header %r in %s" % (b[1], t["id"]))
        if len(b) - 2 != len(t["lines"]):
            fail("%s: %d CSV lines, %d JSON lines" % (t["id"], len(b) - 2, len(t["lines"])))
        for line, r in zip(t["lines"], b[2:]):
            if r[0].strip() != line["label"]:
                fail("%s: label %r vs %r" % (t["id"], r[0], line["label"]))
            got = [float(v.replace(",", ".")) for v in r[1:]]
            if got != [float(v) for v in line["values"]]:
                fail("%s/%s: CSV %r, JSON %r" % (t["id"], line["key"], got, line["values"]))
            numbers += len(got)
    print("csv: %d tables, %d numbers equal to the JSON" % (len(tables), numbers))

    tree = ET.parse(hpath)  # raises on a page that is not well-formed
    ns = {"h": "http://www.w3.org/1999/xhtml", "s": "http://www.w3.org/2000/svg"}
    title = tree.find(".//h:title", ns).text
    if report["period"]["label"] not in title or report["ministry"] not in title:
        fail("the HTML title %r lacks the period or the ministry" % title)
    if tree.find(".//h:script", ns) is not None or b"http://" in open(hpath, "rb").read().replace(
            b"http://www.w3.org/", b""):
        fail("the HTML has a script or a network address")
    svgs = len(tree.findall(".//s:svg", ns))
    print("html: well-formed, %d charts" % svgs)

    png = os.path.join(work, "report.png")
    profile = os.path.join(work, "chromium-profile")
    r = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", "--user-data-dir=" + profile,
                        "--window-size=800,4000", "--screenshot=" + png,
                        "file://" + os.path.abspath(hpath)], capture_output=True, timeout=120)
    if r.returncode != 0 or not os.path.exists(png):
        fail("chromium failed (%d): %s" % (r.returncode, r.stderr.decode(errors="replace")[-800:]))
    width, height, bpp, img = read_png(png)
    bar = line = ink = 0
    for row in img:
        for x in range(0, width * bpp, bpp):
            px = row[x:x + 3]
            if all(abs(px[k] - BAR[k]) <= 10 for k in range(3)):
                bar += 1
            elif all(abs(px[k] - LINE[k]) <= 10 for k in range(3)):
                line += 1
            if sum(px) < 600:
                ink += 1
    print("chromium: %dx%d page, %d bar pixels, %d line pixels, %d dark pixels" %
          (width, height, bar, line, ink))
    if ink < width * height // 200:
        fail("the rendered page is blank")
    if bar < 2000:
        fail("the bar charts are not drawn")
    if line < 300:
        fail("the line chart is not drawn")
    print("check_report: ok")


main()
