#!/usr/bin/python3
"""gen_mailbox.py: a deterministic generated mailbox of Russian citizens' letters, for benchmarks.

Usage (Debian's /usr/bin/python3, standard library only):

    gen_mailbox.py --count N --out DIR [--seed S] [--only small|big]
    gen_mailbox.py --big25 --out DIR [--seed S]

What it promises (other benchmarks rely on it; keep this interface stable):
- Letter i (0-based) depends only on (seed, i): a smaller --count is always a prefix of a
  bigger one, and the same (seed, i) gives the same bytes on every machine and run.
  The default seed is 20240601 (the one of shared/reference/speed-anchors.md).
- Files are DIR/NNNNNN_<category>.eml (NNNNNN = i, six digits), raw RFC 5322 letters with
  CRLF line ends, as an IMAP server hands them out. DIR/index.tsv lists
  i, file, category, size in bytes and Message-ID, one letter per line, in order.
- The mix is exact within every block of 20 letters (the order inside a block is shuffled):
    plain   12 (60 %)  text/plain UTF-8, base64 or quoted-printable, text 1-8 KB
    8bit     3 (15 %)  text/plain windows-1251 or KOI8-R, 8bit, text 1-3 KB
    alt      2 (10 %)  multipart/alternative: text (QP) + HTML (QP or base64), text 2-8 KB
    attach   2 (10 %)  multipart/mixed: short text + one 50-500 KB attachment (base64)
    big      1  (5 %)  multipart/mixed: short text + one 5 MiB attachment (base64)
  Attachments are random bytes, so they do not compress. --count 10000 is about 4 GB.
- Views: --only small keeps plain, 8bit and alt (letters without attachments); --only big
  keeps attach and big. Letters keep their numbers i, so a view is a subset of the
  full mailbox, file for file.
- --big25 writes one letter of about 25 MB (000000_big25.eml, an 18.3 MB attachment).
- Headers follow real mail: two or three Received fields, Date, RFC 2047 Russian From, To
  and Subject (in the letter's own charset for 8bit letters), a Message-ID unique per
  letter, X-Mailer, and RFC 2231 Russian attachment names (with continuations when long).
"""

import argparse
import base64
import os
import quopri
import random
import sys
import urllib.parse
from datetime import datetime, timedelta, timezone

DEFAULT_SEED = 20240601
BLOCK = ["plain"] * 12 + ["8bit"] * 3 + ["alt"] * 2 + ["attach"] * 2 + ["big"]
SMALL = {"plain", "8bit", "alt"}
BIG = {"attach", "big"}

WORDS = """
заявление просьба пособие выплата семья ребёнок дети мать отец пенсия пенсионер инвалидность
справка документы копия паспорт свидетельство рождение регистрация адрес город Южно-Сахалинск
Корсаков Холмск Оха Поронайск Невельск Долинск район село улица дом квартира министерство
социальный защита поддержка помощь материальная единовременная ежемесячная компенсация
коммунальные услуги оплата счёт получатель банк карта реквизиты назначение отказ решение
рассмотрение срок месяц год день неделя обращение жалоба вопрос ответ разъяснение порядок
закон постановление правительство область многодетная малоимущая одинокий ветеран труда
участник войны инвалид группа опекун опека попечитель усыновление путёвка санаторий лечение
больница врач лекарство рецепт очередь приём специалист центр отделение учреждение работник
сотрудник начальник директор уважаемые прошу просим сообщить разъяснить рассмотреть назначить
выплатить перечислить предоставить направить получить оформить подать продлить восстановить
пересчитать проверить заранее своевременно полностью частично повторно вновь также однако
поэтому потому что который когда если после перед вместе с тем согласно статье пункту
доход зарплата алименты субсидия жильё ремонт отопление электроэнергия вода газ транспорт
проезд льгота удостоверение категория право основание условие требование заявитель гражданин
гражданка семьи детей пособия выплаты документов справки решения заявления обращения
""".split()

FIRST_M = ["Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Николай", "Иван", "Михаил",
           "Владимир", "Евгений", "Юрий", "Виктор", "Олег", "Павел", "Геннадий"]
FIRST_F = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Мария",
           "Людмила", "Галина", "Екатерина", "Юлия", "Валентина", "Надежда", "Оксана"]
LAST = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
        "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
        "Павлов", "Козлов", "Степанов", "Николаев", "Ким", "Пак", "Цой"]
TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
                     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y",
                     "", "e", "yu", "ya"]))
DOMAINS = ["mail.ru", "yandex.ru", "bk.ru", "list.ru", "inbox.ru", "gmail.com", "rambler.ru",
           "sakhalin.ru"]
MAILERS = ["Microsoft Outlook 16.0", "Mozilla Thunderbird 115.11.0", "Yandex.Mail",
           "Mail.Ru Mailer 1.0", "The Bat! (v10.4.0.1) Professional", "iPhone Mail (20F66)",
           "Roundcube Webmail/1.6.1", "K-9 Mail for Android"]
SUBJECTS = ["Заявление на {}", "Вопрос о {}", "Обращение по поводу {}", "Жалоба: {}",
            "Прошу разъяснить {}", "Документы для {}", "Re: {}", "Повторное обращение: {}"]
TOPICS = ["ежемесячного пособия на ребёнка", "компенсации за коммунальные услуги",
          "выплаты многодетной семье", "материальной помощи", "путёвки в санаторий",
          "статуса малоимущей семьи", "удостоверения ветерана труда", "оплаты проезда",
          "субсидии на оплату жилья", "назначения пенсии по инвалидности"]
ATTACH = [("application/pdf", "pdf"), ("image/jpeg", "jpg"), ("application/msword", "doc"),
          ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")]
ATTACH_NAMES = ["Заявление", "Скан паспорта", "Справка о доходах семьи за последние три месяца",
                "Свидетельство о рождении ребёнка", "Копия трудовой книжки", "Фото документов",
                "Справка с места жительства о составе семьи", "Решение суда"]
SAKHALIN = timezone(timedelta(hours=11))  # Sakhalin time
BASE_DATE = datetime(2024, 6, 1, 8, 0, 0, tzinfo=SAKHALIN)


def category_of(seed, i):
    """The category of letter i: an exact 12/3/2/2/1 mix in each block of 20."""
    block = list(BLOCK)
    random.Random(f"{seed}:block:{i // 20}").shuffle(block)
    return block[i % 20]


def translit(text):
    return "".join(TRANSLIT.get(c, c) for c in text.lower())


def person(rng):
    female = rng.random() < 0.6
    first = rng.choice(FIRST_F if female else FIRST_M)
    last = rng.choice(LAST)
    if female and last[-2:] in ("ов", "ев", "ин"):
        last += "а"
    addr = f"{translit(first)[0]}.{translit(last)}{rng.randrange(1, 1000)}@{rng.choice(DOMAINS)}"
    return f"{last} {first}", addr


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randrange(5, 16))]
    return words[0][:1].upper() + words[0][1:] + " " + " ".join(words[1:]) + "."


def russian_text(rng, size, charset="utf-8"):
    """Paragraphs of Russian sentences, about `size` bytes in `charset`, lines joined by \\n."""
    paragraphs, total = [], 0
    while total < size:
        para = " ".join(sentence(rng) for _ in range(rng.randrange(2, 7)))
        paragraphs.append(para)
        total += len(para.encode(charset)) + 2
    return "Уважаемые сотрудники министерства!\n\n" + "\n\n".join(paragraphs) + \
        "\n\nС уважением,\n"


def wrap(text, width=72):
    """Hard-wraps each paragraph at spaces, for 8bit bodies (lines under 998 bytes)."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            cut = cut if cut > 0 else width
            out.append(line[:cut])
            line = line[cut:].lstrip(" ")
        out.append(line)
    return "\n".join(out)


def crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def b64(data):
    return crlf(base64.encodebytes(data))


def qp(text_bytes):
    return crlf(quopri.encodestring(text_bytes))


def encoded_words(text, charset, mode="B"):
    """RFC 2047 encoded words of at most 75 characters, split at character boundaries."""
    words, chunk = [], ""
    prefix = f"=?{charset}?{mode}?"

    def enc(s):
        raw = s.encode(charset)
        if mode == "B":
            return base64.b64encode(raw).decode("ascii")
        return "".join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else
                       "_" if b == 32 else f"={b:02X}" for b in raw)

    for ch in text:
        if len(prefix) + len(enc(chunk + ch)) + 2 > 75 and chunk:
            words.append(prefix + enc(chunk) + "?=")
            chunk = ""
        chunk += ch
    if chunk:
        words.append(prefix + enc(chunk) + "?=")
    return "\r\n ".join(words)


def rfc2231_params(name, value):
    """name*=UTF-8''... or, when long, name*0*=UTF-8''...; name*1*=... continuations."""
    pieces = [urllib.parse.quote(ch.encode("utf-8"), safe="") for ch in value]
    if sum(map(len, pieces)) <= 60:
        return f"{name}*=UTF-8''{''.join(pieces)}"
    parts, chunk = [], ""
    for piece in pieces:  # a character's %XX triples are never split
        if len(chunk) + len(piece) > 60:
            parts.append(chunk)
            chunk = ""
        chunk += piece
    parts.append(chunk)
    return ";\r\n ".join(f"{name}*{n}*={'UTF-8' + chr(39) * 2 if n == 0 else ''}{p}"
                          for n, p in enumerate(parts))


def header_block(rng, seed, i, charset, subject, mode="B"):
    sender_name, sender = person(rng)
    date = BASE_DATE + timedelta(minutes=7 * i, seconds=rng.randrange(0, 420))
    domain = sender.split("@")[1]
    hops = []
    t = date
    for hop in range(rng.randrange(2, 4)):
        t = t + timedelta(seconds=rng.randrange(1, 30))
        src = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        by = "mx.sakhalin.gov.ru" if hop == 0 else f"mx{hop}.{domain}"
        hops.append(f"Received: from smtp{hop}.{domain} (smtp{hop}.{domain} [{src}])\r\n"
                    f"\tby {by} with ESMTPS id {rng.getrandbits(48):012x}\r\n"
                    f"\tfor <mszso@sakhalin.gov.ru>; {t.strftime('%a, %d %b %Y %H:%M:%S %z')}")
    lines = hops + [
        f"Date: {date.strftime('%a, %d %b %Y %H:%M:%S %z')}",
        f"From: {encoded_words(sender_name, charset, mode)} <{sender}>",
        f"To: {encoded_words('Министерство социальной защиты', charset, mode)}"
        " <mszso@sakhalin.gov.ru>",
        f"Subject: {encoded_words(subject, charset, mode)}",
        f"Message-ID: <{date.strftime('%Y%m%d%H%M%S')}.{seed}.{i:06d}."
        f"{rng.getrandbits(32):08x}@{domain}>",
        "MIME-Version: 1.0",
        f"X-Mailer: {rng.choice(MAILERS)}",
    ]
    return "\r\n".join(lines).encode("ascii") + b"\r\n"


def subject(rng):
    return rng.choice(SUBJECTS).format(rng.choice(TOPICS))


def text_part(rng, text, encoding):
    """A text/plain UTF-8 part (headers + body), base64 or QP."""
    raw = text.encode("utf-8")
    if encoding == "base64":
        body = b64(raw.replace(b"\n", b"\r\n"))
    else:
        body = qp(raw)
    return (b'Content-Type: text/plain; charset="utf-8"\r\n'
            b"Content-Transfer-Encoding: " + encoding.encode() + b"\r\n\r\n" + body)


def boundary(rng):
    return f"----=_Part_{rng.getrandbits(32)}_{rng.getrandbits(40):x}"


def letter_plain(rng, seed, i):
    text = russian_text(rng, rng.randrange(1000, 8001))
    return header_block(rng, seed, i, "UTF-8", subject(rng)) + \
        text_part(rng, text, rng.choice(["base64", "quoted-printable"]))


def letter_8bit(rng, seed, i):
    charset = rng.choice(["windows-1251", "KOI8-R"])
    text = wrap(russian_text(rng, rng.randrange(1000, 3001), charset))
    head = header_block(rng, seed, i, charset, subject(rng), rng.choice(["B", "Q"]))
    return head + f'Content-Type: text/plain; charset="{charset}"\r\n'.encode() + \
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + crlf(text.encode(charset)) + b"\r\n"


def letter_alt(rng, seed, i):
    text = russian_text(rng, rng.randrange(2000, 8001))
    html = "<html><head><meta charset=\"utf-8\"></head><body>\n" + "\n".join(
        f"<p>{p}</p>" for p in text.split("\n\n")) + "\n</body></html>\n"
    b = boundary(rng)
    html_enc = rng.choice(["base64", "quoted-printable"])
    html_body = b64(html.encode("utf-8")) if html_enc == "base64" else qp(html.encode("utf-8"))
    return (header_block(rng, seed, i, "UTF-8", subject(rng)) +
            f'Content-Type: multipart/alternative; boundary="{b}"\r\n\r\n'.encode() +
            f"--{b}\r\n".encode() + text_part(rng, text, "quoted-printable") +
            f"\r\n--{b}\r\n".encode() + b'Content-Type: text/html; charset="utf-8"\r\n' +
            b"Content-Transfer-Encoding: " + html_enc.encode() + b"\r\n\r\n" + html_body +
            f"\r\n--{b}--\r\n".encode())


def letter_attach(rng, seed, i, attachment_size):
    text = russian_text(rng, rng.randrange(300, 1501))
    ctype, ext = rng.choice(ATTACH)
    name = f"{rng.choice(ATTACH_NAMES)} {rng.randrange(1, 100)}.{ext}"
    b = boundary(rng)
    data = rng.randbytes(attachment_size)
    return (header_block(rng, seed, i, "UTF-8", subject(rng)) +
            f'Content-Type: multipart/mixed; boundary="{b}"\r\n\r\n'.encode() +
            b"This is a multi-part message in MIME format.\r\n\r\n" +
            f"--{b}\r\n".encode() + text_part(rng, text, rng.choice(["base64", "quoted-printable"])) +
            f"\r\n--{b}\r\n".encode() +
            f"Content-Type: {ctype};\r\n {rfc2231_params('name', name)}\r\n".encode("ascii") +
            b"Content-Transfer-Encoding: base64\r\n" +
            f"Content-Disposition: attachment;\r\n {rfc2231_params('filename', name)}\r\n\r\n"
            .encode("ascii") + b64(data) + f"\r\n--{b}--\r\n".encode())


def make_letter(seed, i, category):
    rng = random.Random(f"{seed}:letter:{i}")
    if category == "plain":
        return letter_plain(rng, seed, i)
    if category == "8bit":
        return letter_8bit(rng, seed, i)
    if category == "alt":
        return letter_alt(rng, seed, i)
    if category == "attach":
        return letter_attach(rng, seed, i, rng.randrange(50_000, 500_001))
    if category == "big":
        return letter_attach(rng, seed, i, 5 << 20)
    if category == "big25":
        return letter_attach(rng, seed, i, 18_270_000)
    raise ValueError(category)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", "-n", type=int, help="letters 0..N-1 of the sequence")
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--only", choices=["small", "big"],
                    help="small: letters without attachments; big: letters with one")
    ap.add_argument("--big25", action="store_true", help="write one letter of about 25 MB")
    args = ap.parse_args()
    if not args.big25 and (args.count is None or args.count < 0):
        ap.error("--count N is required (or --big25)")

    os.makedirs(args.out, exist_ok=True)
    if args.big25:
        plan = [(0, "big25")]
    else:
        keep = {"small": SMALL, "big": BIG}.get(args.only, SMALL | BIG)
        plan = [(i, c) for i in range(args.count) for c in [category_of(args.seed, i)]
                if c in keep]
    index, total = [], 0
    for i, category in plan:
        data = make_letter(args.seed, i, category)
        name = f"{i:06d}_{category}.eml"
        tmp = os.path.join(args.out, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(args.out, name))
        start = data.find(b"\r\nMessage-ID: <") + 15
        index.append(f"{i}\t{name}\t{category}\t{len(data)}\t"
                     f"{data[start:data.find(b'>', start)].decode('ascii')}\n")
        total += len(data)
    with open(os.path.join(args.out, "index.tsv"), "w", encoding="ascii") as f:
        f.write("i\tfile\tcategory\tsize\tmessage_id\n")
        f.writelines(index)
    print(f"gen_mailbox: {len(plan)} letter(s), {total} bytes in {args.out} (seed {args.seed})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
