"""Printing through a real CUPS queue (cups-pdf): the CLI as a subprocess and the batch use
case in-process, the spooled PDFs rendered with pdftoppm and measured (A4 within 0.5 mm, the
QR code decoded and verified, the photo box 25 x 35 mm within 0.5 mm), and the printer faults
made on the real queue with cupsdisable, cupsreject, lprm and lpadmin -x."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models.db import Database
from app.printing.ipp import IppClient
from app.printing.print_queue import PrinterFault, QueuePrinter, list_queues, queue_status
from app.services.base import Actor
from app.services.certificate_service import CertificateService
from app.services.print_batch import print_certificates
from app.services.print_records import PrintRecordService
from tests.helpers.certificates import OFFICE_NAME, OFFICE_USCC, PASSPHRASE
from tests.helpers.cups import CupsQueue, annotate_each_kind, check_printout, start_queue

pytestmark = pytest.mark.slow

CLERK = Actor("clerk1", "clerk", "窗口办事员")
CLERK_ENV = {"REGISTRY_USER": "clerk1", "REGISTRY_PASSWORD": "clerk-pass-1"}


@pytest.fixture(scope="module")
def queue() -> Iterator[CupsQueue]:
    q = start_queue(56631 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0))
    os.environ["CUPS_SERVER"] = q.server  # the in-process client finds the same server
    q.restore()
    yield q
    q.restore()


@pytest.fixture
def healthy(queue: CupsQueue) -> Iterator[CupsQueue]:
    queue.restore()
    yield queue
    queue.restore()


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "REGISTRY_KEY_PASSPHRASE"}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=full, timeout=300)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    """A register (CLI init, a clerk account) with one valid certificate of each kind."""
    url = f"sqlite:///{(tmp_path_factory.mktemp('office') / 'office.sqlite3').as_posix()}"
    admin = {"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1"}
    r = run_cli("--db", url, "init", "--admin-password", "admin-pass-1", "--office-code", OFFICE_USCC,
                "--office-name", OFFICE_NAME, env={"REGISTRY_KEY_PASSPHRASE": PASSPHRASE})
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", url, "user", "add", "clerk1", "--role", "clerk",
                env={**admin, "REGISTRY_NEW_PASSWORD": "clerk-pass-1"})
    assert r.returncode == 0, r.stderr
    db = Database(url)
    serials = annotate_each_kind(db, CLERK)
    db.dispose()
    return url, serials


def test_list_printers_shows_the_queue_and_its_state(healthy: CupsQueue) -> None:
    r = run_cli("certificate", "print", "--list-printers", "--json", env=healthy.env())
    assert r.returncode == 0, r.stderr
    (mine,) = [q for q in json.loads(r.stdout) if q["name"] == healthy.name]
    assert mine["state"] in ("idle", "printing") and mine["accepting"]
    healthy.admin("cupsdisable", "-r", "paper jam", healthy.name)
    r = run_cli("certificate", "print", "--list-printers", "--lang", "zh", env=healthy.env())
    assert f"{healthy.name}  已停止" in r.stdout and "paper jam" in r.stdout


def test_cli_prints_each_kind_at_exact_scale(healthy: CupsQueue, office: tuple[str, list[str]]) -> None:
    url, serials = office
    r = run_cli("--db", url, "certificate", "print", *serials, "--printer", healthy.name, "--json",
                "--restart", env={**CLERK_ENV, **healthy.env()})
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["complete"] and result["printed"] == serials and result["not_printed"] == []
    assert r.stderr.count("已打印") == 3  # one progress line per certificate
    for serial in serials:
        check_printout(healthy.spooled(result["jobs"][serial]), url, serial)


def test_cli_copies_and_scale_options_reach_the_queue(healthy: CupsQueue,
                                                      office: tuple[str, list[str]]) -> None:
    url, serials = office
    r = run_cli("--db", url, "certificate", "print", serials[0], "--printer", healthy.name,
                "--copies", "2", "--json", env={**CLERK_ENV, **healthy.env()})
    assert r.returncode == 0, r.stderr
    job = json.loads(r.stdout)["jobs"][serials[0]]
    # cups-pdf leaves copies to the printer (one file); the job the queue holds asks for two,
    # at 100 % on A4.
    attrs = IppClient(healthy.server).job_attributes(
        job, ["copies", "media", "print-scaling", "job-state"])
    assert attrs["copies"] == [2] and attrs["job-state"] == [9]
    assert attrs["media"] == ["iso_a4_210x297mm"] and attrs["print-scaling"] == ["none"]
    check_printout(healthy.spooled(job), url, serials[0])


def test_stopped_queue_is_reported_and_the_batch_resumes(healthy: CupsQueue,
                                                         office: tuple[str, list[str]]) -> None:
    url, serials = office
    healthy.admin("cupsdisable", "-r", "out of paper", healthy.name)
    args = ("--db", url, "certificate", "batch", "--print", "--printer", healthy.name, "--restart")
    r = run_cli(*args, "--lang", "en", env={**CLERK_ENV, **healthy.env()})
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert "is stopped" in r.stdout and "out of paper" in r.stdout
    assert "Not printed: 3 of 3" in r.stdout
    healthy.admin("cupsenable", healthy.name)
    # The rerun (without --restart) continues the same batch and prints all three.
    r = run_cli(*args[:-1], "--json", env={**CLERK_ENV, **healthy.env()})
    assert r.returncode == 0, r.stderr
    done = json.loads(r.stdout)
    assert sorted(done["printed"]) == sorted(serials) and done["printed_earlier"] == []


def test_rejecting_queue_is_reported_in_chinese(healthy: CupsQueue, office: tuple[str, list[str]]) -> None:
    url, serials = office
    healthy.admin("cupsreject", "-r", "maintenance", healthy.name)
    r = run_cli("--db", url, "certificate", "print", serials[0], "--printer", healthy.name, "--restart",
                env={**CLERK_ENV, **healthy.env(), "REGISTRY_LANG": "zh"})
    assert r.returncode == 3
    assert "不接受打印任务" in r.stdout and "cupsaccept" in r.stdout and "未打印 1 份" in r.stdout


def _batch(db: Database, serials: list[str], printer: QueuePrinter, **kw: object):  # type: ignore[no-untyped-def]
    return print_certificates(CertificateService(db, CLERK), PrintRecordService(db, CLERK),
                              serials, printer, **kw)  # type: ignore[arg-type]


def test_queue_stopped_mid_batch_then_resume(healthy: CupsQueue, office: tuple[str, list[str]]) -> None:
    url, serials = office
    db = Database(url)
    printer = QueuePrinter(healthy.name, job_timeout=60)
    try:
        # After the first certificate the printer jams: the queue is stopped.
        def jam(done: int, total: int, serial: str, job: int) -> None:
            if done == 1:
                healthy.admin("cupsdisable", "-r", "paper jam", healthy.name)

        first = _batch(db, serials, printer, restart=True, progress=jam)
        assert first.printed_now == tuple(serials[:1]) and first.not_printed == tuple(serials[1:])
        assert first.fault is not None and first.fault.code == "printer_stopped"
        assert first.failed_serial == serials[1]
        # Nothing of the stopped run is left in the queue to come out later, unrecorded.
        out = subprocess.run(["lpstat", "-o", healthy.name], capture_output=True, text=True,
                             env={**os.environ, **healthy.env()}).stdout
        assert out.strip() == ""
        healthy.admin("cupsenable", healthy.name)
        second = _batch(db, serials, printer)
        assert second.batch.resumed is False and second.skipped_earlier == tuple(serials[:1])
        assert second.printed_now == tuple(serials[1:]) and second.complete
        history = PrintRecordService(db, CLERK).history(serials[1])
        assert history and history[-1].printer == healthy.name
        check_printout(healthy.spooled(dict(second.jobs)[serials[2]]), url, serials[2])
    finally:
        db.dispose()


def test_cancelled_job_is_not_counted(healthy: CupsQueue, office: tuple[str, list[str]]) -> None:
    url, serials = office
    db = Database(url)
    # Held jobs wait in the queue: lprm cancels the second one there, as an operator would.
    healthy.admin("lpadmin", "-p", healthy.name, "-o", "job-hold-until-default=indefinite")
    printer = QueuePrinter(healthy.name, job_timeout=60)
    submitted: list[int] = []
    real_submit = printer.submit

    def submit_then_release_or_cancel(pdf: bytes, title: str, copies: int = 1,
                                      media: str = "iso_a4_210x297mm") -> int:
        job = real_submit(pdf, title, copies, media)
        submitted.append(job)
        if len(submitted) == 1:
            healthy.admin("lp", "-i", str(job), "-H", "resume")
        else:
            healthy.admin("lprm", "-P", healthy.name, str(job))
        return job

    printer.submit = submit_then_release_or_cancel  # type: ignore[method-assign]
    try:
        run = _batch(db, serials, printer, restart=True)
        assert run.printed_now == tuple(serials[:1])
        assert run.fault is not None and run.fault.code == "print_job_cancelled"
        assert run.not_printed == tuple(serials[1:]) and run.failed_serial == serials[1]
    finally:
        db.dispose()


def test_printer_removed_mid_batch(healthy: CupsQueue, office: tuple[str, list[str]]) -> None:
    url, serials = office
    db = Database(url)
    printer = QueuePrinter(healthy.name, job_timeout=60)

    def remove(done: int, total: int, serial: str, job: int) -> None:
        if done == 1:
            healthy.admin("lpadmin", "-x", healthy.name)

    try:
        run = _batch(db, serials, printer, restart=True, progress=remove)
        assert run.fault is not None and run.fault.code == "printer_not_found"
        assert run.printed_now == tuple(serials[:1]) and run.not_printed == tuple(serials[1:])
        with pytest.raises(PrinterFault) as err:
            queue_status(healthy.name)
        assert err.value.code == "printer_not_found"
        healthy.restore()  # the administrator adds it again: the batch goes on
        rest = _batch(db, serials, printer)
        assert rest.complete and rest.printed_now == tuple(serials[1:])
    finally:
        db.dispose()


def test_queue_listing_in_process(healthy: CupsQueue) -> None:
    assert healthy.name in [q.name for q in list_queues()]
    assert queue_status(healthy.name).ready


def test_ctrl_c_stops_after_the_current_certificate_and_the_rerun_continues(
        healthy: CupsQueue, office: tuple[str, list[str]]) -> None:
    url, serials = office
    env = {k: v for k, v in os.environ.items() if k != "REGISTRY_KEY_PASSPHRASE"}
    env.update({**CLERK_ENV, **healthy.env(), "REGISTRY_LANG": "zh"})
    args = [sys.executable, "-m", "app", "--db", url, "certificate", "print", *serials,
            "--printer", healthy.name, "--json"]
    proc = subprocess.Popen([*args, "--restart"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stderr is not None
    first = proc.stderr.readline()  # the first certificate's progress line
    assert "[1/3] 已打印" in first, first
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    result = json.loads(out)
    assert result["cancelled"] and 1 <= len(result["printed"]) < 3 and "Traceback" not in err
    rerun = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    rest = json.loads(rerun.stdout)
    assert rest["printed_earlier"] == result["printed"]
    assert rest["printed"] == [s for s in serials if s not in result["printed"]]


def test_job_failing_at_the_printer_is_reported(healthy: CupsQueue, office: tuple[str, list[str]]) -> None:
    """A second queue whose backend fails (cups-pdf cannot write its output): CUPS ends the
    job at the printer; the certificate is not counted and the batch stops there."""
    url, serials = office
    port = healthy.server.rsplit(":", 1)[1]
    conf = Path(f"/etc/cups/cups-pdf-rtbroken{port}.conf")
    conf.write_text("Out /dev/null/nowhere\nAnonDirName /dev/null/nowhere\nGrp root\n")
    broken = "registry-test-broken"
    healthy.admin("lpadmin", "-p", broken, "-v", f"cups-pdf:/rtbroken{port}", "-P",
                  "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd", "-o", "printer-error-policy=abort-job", "-E")
    db = Database(url)
    try:
        run = _batch(db, serials[:2], QueuePrinter(broken, job_timeout=60), restart=True)
        assert run.fault is not None and run.fault.code in ("print_job_cancelled", "print_job_aborted")
        assert run.printed_now == () and run.not_printed == tuple(serials[:2])
        assert run.failed_serial == serials[0]
    finally:
        db.dispose()
        healthy.admin("lpadmin", "-x", broken)
        conf.unlink()
