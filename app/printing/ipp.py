"""A small IPP/1.1 client (RFC 8010/8011) for the local print system (CUPS).

Why our own and not ``lp``/``lpstat``: we need the queue's and each job's state as IPP codes
(``printer-state``, ``printer-is-accepting-jobs``, ``job-state``), not as sentences that
``lpstat`` prints in the machine's language; and why not pycups: it needs libcups headers and a
compiler on every workstation for four requests. Only the standard library is used.

The server is found as CUPS' own clients find it: ``CUPS_SERVER`` (``host[:port]`` or a socket
path), else the local socket ``/run/cups/cups.sock``, else ``localhost:631``.
"""

from __future__ import annotations

import getpass
import http.client
import os
import socket
import struct
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

# Operations (RFC 8011 4.4.15, CUPS extensions 0x4002)
PRINT_JOB = 0x0002
CANCEL_JOB = 0x0008
GET_JOB_ATTRIBUTES = 0x0009
GET_PRINTER_ATTRIBUTES = 0x000B
CUPS_GET_PRINTERS = 0x4002

# Status codes we act on
NOT_FOUND = 0x0406
NOT_ACCEPTING = 0x0506
NOT_POSSIBLE = 0x0404

# Delimiter and value tags
_OPERATION, _JOB, _END, _PRINTER = 0x01, 0x02, 0x03, 0x04
_INTEGER, _BOOLEAN, _ENUM = 0x21, 0x22, 0x23
_TEXT, _NAME, _KEYWORD, _URI, _CHARSET, _LANGUAGE, _MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49

TIMEOUT = 15.0


class IppError(Exception):
    """The print system could not be reached or answered with an error status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class IppResponse:
    status: int
    groups: list[tuple[int, dict[str, list[Any]]]] = field(default_factory=list)

    def first(self, tag: int) -> dict[str, list[Any]]:
        return next((attrs for t, attrs in self.groups if t == tag), {})

    def all(self, tag: int) -> list[dict[str, list[Any]]]:
        return [attrs for t, attrs in self.groups if t == tag]


def _attr(tag: int, name: str, value: Any) -> bytes:
    values = value if isinstance(value, list) else [value]
    out = b""
    for i, v in enumerate(values):
        if tag in (_INTEGER, _ENUM):
            data = struct.pack(">i", v)
        elif tag == _BOOLEAN:
            data = b"\x01" if v else b"\x00"
        else:
            data = str(v).encode("utf-8")
        key = name.encode("ascii") if i == 0 else b""  # further values: additional-value form
        out += struct.pack(">bH", tag, len(key)) + key + struct.pack(">H", len(data)) + data
    return out


def _decode(tag: int, data: bytes) -> Any:
    if tag in (_INTEGER, _ENUM) and len(data) == 4:
        return struct.unpack(">i", data)[0]
    if tag == _BOOLEAN:
        return data != b"\x00"
    if 0x40 <= tag <= 0x4F:
        return data.decode("utf-8", "replace")
    return data


def parse_response(body: bytes) -> IppResponse:
    if len(body) < 8:
        raise IppError(-1, "short IPP response")
    _version, status, _request = struct.unpack(">HHI", body[:8])
    resp = IppResponse(status)
    pos, last = 8, ""
    current: dict[str, list[Any]] | None = None
    while pos < len(body):
        tag = body[pos]
        pos += 1
        if tag == _END:
            break
        if tag < 0x10:  # a new attribute group
            current = {}
            resp.groups.append((tag, current))
            continue
        (nlen,) = struct.unpack(">H", body[pos:pos + 2])
        name = body[pos + 2:pos + 2 + nlen].decode("ascii", "replace")
        pos += 2 + nlen
        (vlen,) = struct.unpack(">H", body[pos:pos + 2])
        value = _decode(tag, body[pos + 2:pos + 2 + vlen])
        pos += 2 + vlen
        if current is None:
            continue
        if name:
            last = name
            current[name] = [value]
        elif last:
            current[last].append(value)
    return resp


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.socket_path)
        self.sock = s


def server() -> str:
    """Where the print system is: ``CUPS_SERVER``, the local socket, or localhost:631."""
    env = os.environ.get("CUPS_SERVER", "").strip()
    if env:
        return env
    for path in ("/run/cups/cups.sock", "/var/run/cups/cups.sock"):
        if os.path.exists(path):
            return path
    return "localhost:631"


class IppClient:
    """One request per call; each opens its own connection (the scheduler is local)."""

    def __init__(self, where: str | None = None, timeout: float = TIMEOUT) -> None:
        self.where = where or server()
        self.timeout = timeout
        self._request_id = 0
        if self.where.startswith("/"):
            self.host = "localhost"
        else:
            self.host = self.where if ":" in self.where else f"{self.where}:631"

    def printer_uri(self, name: str) -> str:
        return f"ipp://{self.host}/printers/{quote(name, safe='')}"

    def _connection(self) -> http.client.HTTPConnection:
        if self.where.startswith("/"):
            return _UnixConnection(self.where, self.timeout)
        host, _, port = self.host.rpartition(":")
        return http.client.HTTPConnection(host, int(port), timeout=self.timeout)

    def request(self, operation: int, path: str, attrs: list[tuple[int, str, Any]],
                data: bytes = b"", job_attrs: list[tuple[int, str, Any]] | None = None) -> IppResponse:
        self._request_id += 1
        body = struct.pack(">BBHI", 1, 1, operation, self._request_id)
        body += bytes([_OPERATION])
        body += _attr(_CHARSET, "attributes-charset", "utf-8")
        body += _attr(_LANGUAGE, "attributes-natural-language", "en")
        for tag, name, value in attrs:
            body += _attr(tag, name, value)
        if job_attrs:
            body += bytes([_JOB])
            for tag, name, value in job_attrs:
                body += _attr(tag, name, value)
        body += bytes([_END]) + data
        conn = self._connection()
        try:
            conn.request("POST", path, body, {"Content-Type": "application/ipp"})
            reply = conn.getresponse()
            payload = reply.read()
            if reply.status != 200:
                raise IppError(-reply.status, f"HTTP {reply.status} {reply.reason}")
        except (OSError, http.client.HTTPException) as exc:
            raise IppError(-1, f"{type(exc).__name__}: {exc}") from exc
        finally:
            conn.close()
        return parse_response(payload)

    def _user(self) -> tuple[int, str, str]:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "registry-office"
        return (_NAME, "requesting-user-name", user)

    # -- the requests we use ----------------------------------------------------------------

    def printers(self, requested: list[str]) -> list[dict[str, list[Any]]]:
        resp = self.request(CUPS_GET_PRINTERS, "/", [(_KEYWORD, "requested-attributes", requested)])
        if resp.status >= 0x0400 and resp.status != NOT_FOUND:  # none at all: not-found
            raise IppError(resp.status, "CUPS-Get-Printers failed")
        return resp.all(_PRINTER)

    def printer_attributes(self, name: str, requested: list[str]) -> dict[str, list[Any]]:
        resp = self.request(GET_PRINTER_ATTRIBUTES, "/", [
            (_URI, "printer-uri", self.printer_uri(name)), self._user(),
            (_KEYWORD, "requested-attributes", requested)])
        if resp.status >= 0x0400:
            raise IppError(resp.status, f"Get-Printer-Attributes {name}")
        return resp.first(_PRINTER)

    def print_job(self, name: str, document: bytes, title: str,
                  options: list[tuple[int, str, Any]]) -> int:
        resp = self.request(PRINT_JOB, f"/printers/{quote(name, safe='')}", [
            (_URI, "printer-uri", self.printer_uri(name)), self._user(),
            (_NAME, "job-name", title), (_MIME, "document-format", "application/pdf")],
            document, job_attrs=options)
        if resp.status >= 0x0400:
            raise IppError(resp.status, f"Print-Job {name}")
        return int(resp.first(_JOB)["job-id"][0])

    def job_attributes(self, job_id: int, requested: list[str]) -> dict[str, list[Any]]:
        resp = self.request(GET_JOB_ATTRIBUTES, "/", [
            (_URI, "job-uri", f"ipp://{self.host}/jobs/{job_id}"), self._user(),
            (_KEYWORD, "requested-attributes", requested)])
        if resp.status >= 0x0400:
            raise IppError(resp.status, f"Get-Job-Attributes {job_id}")
        return resp.first(_JOB)

    def cancel_job(self, job_id: int) -> None:
        resp = self.request(CANCEL_JOB, "/jobs", [
            (_URI, "job-uri", f"ipp://{self.host}/jobs/{job_id}"), self._user()])
        if resp.status >= 0x0400 and resp.status not in (NOT_FOUND, NOT_POSSIBLE):
            raise IppError(resp.status, f"Cancel-Job {job_id}")


OPTION_TAGS = {"integer": _INTEGER, "keyword": _KEYWORD, "boolean": _BOOLEAN, "name": _NAME}
