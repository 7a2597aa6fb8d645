"""``registry-office --self-test``: does this installation work, end to end, on this machine?

Meant for the installed (frozen) program, where a missing font, plugin, cascade or migration
would otherwise show up only when a clerk first needs it; it works unfrozen too. Each step runs
for real in a temporary folder (nothing of the office's register is touched) and is timed:

resources present -> a temporary register migrated to the head -> accounts, office key, a person
with a registration -> a bundled sample portrait cropped to the 1-inch photo -> a certificate
annotated -> its PDF and OFD rendered with the bundled fonts -> the PDF page rasterised and the
QR decoded from the image -> the decoded text verified as valid. The desktop layer adds a Qt
step (offscreen platform, translations, fonts, QtCharts, print support) through ``extra``.

Exit status 0 only if every step passed.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.messages import cli_text, default_language
from app.resources import load_toml, resource_path, resource_root
from app.version import program_version

SAMPLE_PORTRAIT = ("samples", "portrait.jpg")
SAMPLE_REGISTER = ("samples", "selftest.toml")  # office, employer, person, registration
PASSWORD = "self-test-password-1"  # a throw-away register: these never leave the temp folder
PASSPHRASE = "self-test office key passphrase"


@dataclass
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str


@dataclass
class SelfTest:
    """The state the steps hand on to each other (ids, bytes, the temp folder)."""

    work: Path
    state: dict[str, Any] = field(default_factory=dict)


Step = Callable[[SelfTest], str]  # returns a short detail line; raises on failure


def _resources(t: SelfTest) -> str:
    root = resource_root()
    needed = {"fonts": "*.ttf", "translations": "*.qm", "rules": "*.toml", "layouts": "*.toml",
              "messages": "*.toml", "images": "*.png"}
    counts = {}
    for folder, pattern in needed.items():
        found = list((root / folder).glob(pattern))
        if not found:
            raise RuntimeError(f"{root / folder}: no {pattern}")
        counts[folder] = len(found)
    if not resource_path(*SAMPLE_PORTRAIT).is_file():
        raise RuntimeError(f"missing {resource_path(*SAMPLE_PORTRAIT)}")
    from app.models.db import MIGRATIONS_DIR

    scripts = list((MIGRATIONS_DIR / "versions").glob("*.py"))
    if len(scripts) < 2:
        raise RuntimeError(f"{MIGRATIONS_DIR}: migrations missing")
    import cv2
    from cv2.data import haarcascades

    if not Path(haarcascades, "haarcascade_frontalface_default.xml").is_file():
        raise RuntimeError(f"OpenCV cascades missing in {haarcascades}")
    return (", ".join(f"{k} {v}" for k, v in counts.items())
            + f", migrations {len(scripts) - 1}, OpenCV {cv2.__version__}, "
              f"zxing-cpp {_zxing_version()}")


def _zxing_version() -> str:
    import zxingcpp  # the native module must load, whatever its version says

    try:
        from importlib.metadata import version

        return version("zxing-cpp")
    except Exception:  # a frozen build may carry no package metadata
        return str(getattr(zxingcpp, "__version__", "loaded"))


def _database(t: SelfTest) -> str:
    from app.models.db import Database, current_revision, head_revision, schema_status, upgrade

    db = Database(f"sqlite:///{(t.work / 'self-test.sqlite3').as_posix()}")
    t.state["db"] = db
    upgrade(db.engine)
    if schema_status(db.engine) != "current":
        raise RuntimeError("schema not current after upgrade")
    from app.services.program_version import record_program_version

    record_program_version(db)
    return f"SQLite, Alembic {current_revision(db.engine)} (head {head_revision()})"


def _register(t: SelfTest) -> str:
    from app.services.base import Actor
    from app.services.catalog import Services
    from app.services.users_service import authenticate, bootstrap_admin

    db, data = t.state["db"], load_toml(*SAMPLE_REGISTER)
    t.state["data"] = data
    bootstrap_admin(db, "admin", PASSWORD)
    admin = Services.build(db, authenticate(db, "admin", PASSWORD))
    for name in ("clerk", "reviewer", "helpdesk"):
        admin.users.add_user(name, PASSWORD, name)
    admin.office.update_office(office_name=data["office_name"], office_uscc=data["office_uscc"])
    key = admin.keys.init_office_key(PASSPHRASE)
    clerk = Services.build(db, Actor("clerk", "clerk"))
    reviewer = Services.build(db, Actor("reviewer", "reviewer"))
    employer = clerk.register.add_employer(uscc=data["employer_uscc"], name=data["employer_name"])
    person = clerk.register.create_person(id_number=data["person_id_number"],
                                          name=data["person_name"], mobile=data["mobile"],
                                          employer_id=employer.id)
    today = date.today()
    reviewer.register.import_registration(
        person.id, kind=data["kind"], specialty=data["specialty"],
        registration_number=data["registration_number"],
        valid_from=date(today.year - 1, 1, 1), valid_until=date(today.year + 2, 12, 31))
    t.state.update(clerk=clerk, helpdesk=Services.build(db, Actor("helpdesk", "helpdesk")),
                   person_id=person.id)
    return f"4 accounts, key {key.key_id[:12]}…, a person registered as {data['registration_number']}"


def _photo(t: SelfTest) -> str:
    from app.imaging.photo import auto_crop

    result = auto_crop(resource_path(*SAMPLE_PORTRAIT), whiten=True)
    if not result.analysis.faces or not result.usable:
        raise RuntimeError(f"sample portrait not usable: {[p.code for p in result.problems]}")
    from PIL import Image

    from app.printing.samples import sample_signature

    transparent = sample_signature(t.state["data"]["person_name"])
    with Image.open(io.BytesIO(transparent)) as im:
        white = Image.new("RGB", im.size, "white")
        white.paste(im, mask=im.getchannel("A"))
        buf = io.BytesIO()
        white.save(buf, "PNG")
    photos = t.state["clerk"].photos
    photos.store_photo(t.state["person_id"], result.jpeg, source="self-test")
    photos.store_signature(t.state["person_id"], transparent, buf.getvalue(), source="self-test")
    h, w = result.pixels.shape[:2]
    return f"face found, {w}x{h} px, {len(result.jpeg) // 1024} KB (quality {result.quality})"


def _annotate(t: SelfTest) -> str:
    certs = t.state["clerk"].certificates
    cert = certs.annotate(t.state["data"]["registration_number"], PASSPHRASE)
    t.state["view"] = certs.printable_view(cert.serial)
    return f"serial {cert.serial}"


def _pdf(t: SelfTest) -> str:
    from app.printing.pdf_renderer import render_pdf

    data = render_pdf(t.state["view"])
    if not data.startswith(b"%PDF") or b"RegistrySansSC" not in data:
        raise RuntimeError("PDF without the bundled CJK font")
    path = t.work / "certificate.pdf"
    path.write_bytes(data)
    t.state["pdf"] = path
    return f"{len(data) // 1024} KB, bundled font embedded"


def _ofd(t: SelfTest) -> str:
    from app.printing.ofd_writer import render_ofd

    data = render_ofd(t.state["view"])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        if "OFD.xml" not in names or not any(n.lower().endswith(".ttf") for n in names):
            raise RuntimeError(f"OFD incomplete: {names[:8]}")
        bad = z.testzip()
        if bad:
            raise RuntimeError(f"OFD entry damaged: {bad}")
    return f"{len(data) // 1024} KB, {len(names)} parts, font embedded"


def _qr(t: SelfTest) -> str:
    from app.scanner.decoders import read_codes
    from app.scanner.sources import render_pdf

    pages = render_pdf(t.state["pdf"], dpi=200)
    codes = read_codes(pages[0])
    texts = [c.text for c in codes]
    if t.state["view"].payload not in texts:
        raise RuntimeError(f"QR not read from the page image ({len(texts)} codes found)")
    t.state["decoded"] = t.state["view"].payload
    h, w = pages[0].shape[:2]
    return f"page {w}x{h} px at 200 dpi, decoded by {codes[0].decoder}"


def _verify(t: SelfTest) -> str:
    result = t.state["helpdesk"].verification.verify_text(t.state["decoded"], source="manual")
    if result.status != "valid":
        raise RuntimeError(f"verification says {result.status}")
    return "valid, signature and office key checked"


STEPS: tuple[tuple[str, Step], ...] = (
    ("resources", _resources), ("database", _database), ("register", _register),
    ("photo", _photo), ("annotate", _annotate), ("pdf", _pdf), ("ofd", _ofd), ("qr", _qr),
    ("verify", _verify),
)


def run_steps(extra: Sequence[tuple[str, Step]] = ()) -> list[StepResult]:
    """Every step in order; a failed step fails those that need its results, not the run."""
    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="registry-self-test-") as tmp:
        t = SelfTest(Path(tmp))
        try:
            for name, step in (*STEPS, *extra):
                started = time.perf_counter()
                try:
                    detail, ok = step(t), True
                except Exception as exc:  # reported as a failed step, never a traceback
                    detail, ok = f"{type(exc).__name__}: {exc}", False
                    t.state["traceback"] = traceback.format_exc()
                results.append(StepResult(name, ok, time.perf_counter() - started, detail))
        finally:
            if "db" in t.state:
                t.state["db"].dispose()
    return results


def run_self_test(argv: Sequence[str], extra: Sequence[tuple[str, Step]] = ()) -> int:
    """Print each step with its time; ``--json`` for machines, ``--lang en|zh``."""
    as_json = "--json" in argv
    lang = "en" if "en" in argv else "zh" if "zh" in argv else default_language()
    started = time.perf_counter()
    results = run_steps(extra)
    total = time.perf_counter() - started
    passed = all(r.ok for r in results)
    out = sys.stdout
    if as_json:
        print(json.dumps({"version": program_version(), "ok": passed, "seconds": round(total, 3),
                          "frozen": bool(getattr(sys, "frozen", False)),
                          "steps": [asdict(r) for r in results]}, ensure_ascii=False), file=out)
    else:
        print(cli_text("selftest.heading", lang, version=program_version(),
                       where=sys.executable), file=out)
        for r in results:
            mark = cli_text("selftest.pass", lang) if r.ok else cli_text("selftest.fail", lang)
            print(f"  [{mark}] {r.name:<10} {r.seconds * 1000:8.0f} ms  {r.detail}", file=out)
        failed = ", ".join(r.name for r in results if not r.ok)
        print(cli_text("selftest.all_passed", lang, seconds=total) if passed
              else cli_text("selftest.some_failed", lang, seconds=total, failed=failed), file=out)
    return 0 if passed else 1
