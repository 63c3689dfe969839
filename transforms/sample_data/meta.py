"""Sample Instagram and Facebook direct-message exports (Meta "Download your information", JSON).

Some desks also answer requests in DMs. Per body and year a few conversations are written, one
requester each, with the request form, the desk's acknowledgement, extension and written notice
and the delivery, in Meta's real layout and with its mojibake (UTF-8 bytes escaped as Latin-1
`\\u00XX`). Instagram arrives as the downloaded .zip, Facebook as the loose export folder (a long
conversation split over message_1.json / message_2.json). The seed body `diskopukm` gets none,
so its 2023 figures stay those of its report.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from transforms.sample_data import topics as T
from transforms.sample_data.bodies import Body
from transforms.sample_data.generator import (
    EXTENSION_LINE,
    ROMAN,
    STRICT_CODE,
    BodyData,
    People,
    Req,
    _decide,
    _form_lines,
    _greeting_time,
    _notice_lines,
    _receipt_times,
    _rincian,
    _truncate,
    month_bounds,
    zip_bytes,
)

PLATFORMS = ("instagram", "facebook")
_ROOT = {"instagram": "your_instagram_activity", "facebook": "your_facebook_activity"}
_EXPLICIT = {
    STRICT_CODE: (),
    "diskominfo": ("instagram", "facebook"),
    "dinkes": ("facebook",),
    "pontianak": ("instagram",),
}
_SPLIT_AT = 7  # conversations this long are split: the newest 4 messages in message_1.json


def account_names(body: Body) -> dict[str, str]:
    """The desk's Instagram and Facebook account names (bodies.csv column `media_sosial`)."""
    return {
        "instagram": f"PPID {body.singkat} Official",
        "facebook": f"Layanan PPID {body.singkat}",
    }


def platforms(body: Body) -> tuple[str, ...]:
    """Which DM channels the body's desk uses: a property of the body, like its channels."""
    if body.kode in _EXPLICIT:
        return _EXPLICIT[body.kode]
    rng = random.Random(f"meta-platforms:{body.kode}")
    return rng.choices(((), ("instagram",), ("facebook",), PLATFORMS), (5, 2, 2, 1))[0]


def _mojibake(value: object) -> object:
    """Meta's escaping: every string's UTF-8 bytes written as Latin-1 characters."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {k: _mojibake(v) for k, v in value.items()}
    return value


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def _messages(
    req: Req, platform: str, desk: str, thread: str, rng: random.Random
) -> list[dict[str, object]]:
    """One request's messages, oldest first, in Meta's message shape."""
    me, r = req.person.nama, req.received
    base = f"{_ROOT[platform]}/messages/inbox/{thread}"
    out: list[tuple[datetime, dict[str, object]]] = []

    def add(when: datetime, sender: str, **fields: object) -> None:
        out.append((when, {"sender_name": sender, "timestamp_ms": _ms(when), **fields}))

    if rng.random() < 0.6:
        greet = (
            f"Halo min, selamat {_greeting_time(r)}. Saya mau mengajukan permohonan informasi 🙏"
        )
        add(r - timedelta(minutes=rng.randint(1, 3)), me, content=greet)
    add(r, me, content="\n".join(_form_lines(req, rng, typos=True)))
    if rng.random() < 0.4:  # a photo of the ID card, no text
        uri = f"{base}/photos/{rng.randrange(10**15, 10**16)}_n.jpg"
        add(
            r + timedelta(minutes=1),
            me,
            photos=[{"uri": uri, "creation_timestamp": _ms(r) // 1000}],
        )
    if rng.random() < 0.1:
        add(r + timedelta(minutes=2), me, is_unsent=True)
    ack = r + timedelta(minutes=rng.randint(20, 180))
    add(
        ack,
        desk,
        content=f"Terima kasih, permohonan tercatat dengan Nomor Pendaftaran: {req.nomor}.",
    )
    if req.extension_at:
        add(req.extension_at, desk, content=f"Nomor Pendaftaran: {req.nomor}\n{EXTENSION_LINE}")
    if req.decided_at:
        via = "Instagram" if platform == "instagram" else "Messenger"
        notice = _notice_lines(req, rng, official=rng.random() < 0.3, via=via)
        add(req.decided_at, desk, content="\n".join(["Pemberitahuan tertulis:", *notice]))
        end = req.decided_at
        if req.delivered_at and req.delivered_at != req.decided_at:
            end = req.delivered_at
            if platform == "instagram":
                link = f"https://drive.google.com/file/d/{rng.randrange(10**12, 10**13)}/view"
                add(
                    end,
                    desk,
                    content="Informasi telah kami kirimkan melalui tautan berikut.",
                    share={"link": link},
                )
            else:
                uri = f"{base}/files/informasi_{req.nomor.split('/')[0]}.pdf"
                add(end, desk, files=[{"uri": uri, "creation_timestamp": _ms(end) // 1000}])
        if rng.random() < 0.5:
            thanks = rng.choice(("Terima kasih banyak 🙏", "Baik, terima kasih admin 👍"))
            add(end + timedelta(minutes=rng.randint(5, 240)), me, content=thanks)
    return [m for _, m in sorted(out, key=lambda t: t[0])]


def _sent_before(msg: dict[str, object], cutoff: datetime) -> bool:
    stamp = msg["timestamp_ms"]
    return isinstance(stamp, int) and stamp < _ms(cutoff)


def _doc(participants: list[str], title: str, thread: str, msgs: list[dict[str, object]]) -> bytes:
    doc = {
        "participants": [{"name": n} for n in participants],
        "messages": [{**m, "is_geoblocked_for_viewer": False} for m in reversed(msgs)],
        "title": title,
        "is_still_participant": True,
        "thread_path": f"inbox/{thread}",
        "magic_words": [],
    }
    return (json.dumps(_mojibake(doc), ensure_ascii=True, indent=2) + "\n").encode("ascii")


def _thread_files(
    platform: str, thread: str, desk: str, me: str, msgs: list[dict[str, object]]
) -> list[tuple[str, bytes]]:
    """message_1.json holds the newest messages; a long conversation spills into message_2."""
    folder = f"{_ROOT[platform]}/messages/inbox/{thread}"
    parts = [msgs] if len(msgs) < _SPLIT_AT else [msgs[-4:], msgs[:-4]]
    return [
        (f"{folder}/message_{n}.json", _doc([me, desk], me, thread, part))
        for n, part in enumerate(parts, start=1)
    ]


def write_meta(
    root: Path, data: BodyData, seed: int, years: tuple[int, ...]
) -> tuple[list[Path], Counter]:
    """Write the body's Instagram (.zip per year) and Facebook (export folder) DMs.

    Returns the files and the requests written, counted by (kode, channel, year). A monthly
    delivery (`data.month`) keeps the month's requests, in `instagram-<kode>-2026-01.zip` and
    a `facebook-<kode>-2026-01/` export folder.
    """
    body, written, counted = data.body, [], Counter()
    names = account_names(body)
    people = People(random.Random(f"{seed}:meta-people:{body.kode}"))
    cutoff = data.cutoff
    for platform in platforms(body):
        folder = root / body.kode / platform
        for year in years:
            rng = random.Random(f"{seed}:meta:{body.kode}:{platform}:{year}")
            entries: list[tuple[str, bytes]] = []
            times = _receipt_times(platform, year, rng.randint(2, 4), rng)
            if data.month:
                times = [t for t in times if t.month == data.month]
            for n, when in enumerate(times, start=1):
                req = Req(
                    body=body,
                    channel=platform,
                    received=when,
                    person=people.new(),
                    rincian=_rincian(body, year, rng),
                    tujuan=rng.choice(T.TUJUAN),
                    cara=rng.choice(T.CARA_MEMPEROLEH),
                    salinan=rng.choice(T.CARA_SALINAN),
                    nomor=f"{platform[:2].upper()}-{n:03d}/PPID-"
                    f"{body.singkat.upper().replace(' ', '')}/{ROMAN[when.month - 1]}/{year}",
                )
                _decide(req, data.profile, rng)
                if cutoff is not None:
                    _truncate(req, cutoff)
                me = req.person.nama
                slug = re.sub(r"[^a-z0-9]", "", me.lower())
                thread = f"{slug}_{rng.randrange(10**16, 10**17)}"
                msgs = _messages(req, platform, names[platform], thread, rng)
                if cutoff is not None:
                    msgs = [m for m in msgs if _sent_before(m, cutoff)]
                entries += _thread_files(platform, thread, names[platform], me, msgs)
                counted[(body.kode, platform, year)] += 1
            if not entries:
                continue
            if platform == "instagram":
                folder.mkdir(parents=True, exist_ok=True)
                if data.month:
                    path = folder / f"instagram-{body.kode}-{data.label(year)}.zip"
                    stamp = month_bounds(year, data.month)[2].replace(tzinfo=None)
                else:
                    path = folder / f"instagram-{body.kode}-{year + 1}-01-05.zip"
                    stamp = datetime(year + 1, 1, 5, 8, 0)
                path.write_bytes(zip_bytes(entries, stamp))
                written.append(path)
            else:
                if data.month:  # the month's export folder beside the annual ones
                    folder = folder / f"facebook-{body.kode}-{data.label(year)}"
                for name, blob in entries:
                    path = folder / name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(blob)
                    written.append(path)
    return written, counted
