"""The input boundary's functions on their own (app/inputs.py, app/cli/boundary.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app import inputs
from app.cli.boundary import check_arguments, last_resort
from app.errors import InvalidInput
from app.settings import log_path


def code_of(fn) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as err:
        fn()
    return err.value.code


def test_files_are_refused_before_reading(tmp_path: Path) -> None:
    assert code_of(lambda: inputs.read_file(Path("/dev/zero"), "file", 1024)) == "input_not_a_file"
    assert code_of(lambda: inputs.read_file(tmp_path, "file", 1024)) == "input_not_a_file"
    assert code_of(lambda: inputs.read_file(tmp_path / "none", "file", 1024)) == "input_file_missing"
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2048)
    assert code_of(lambda: inputs.read_file(big, "file", 1024)) == "input_too_big"
    assert inputs.read_file(big, "file", 2048) == b"x" * 2048
    # /proc reports size 0: the read itself stops one byte past the limit
    assert code_of(lambda: inputs.read_file(Path("/proc/self/maps"), "file", 16)) == "input_too_big"


def test_streams_are_read_whole_or_refused() -> None:
    data = b"a" * 200_000
    assert inputs.read_stream(io.BytesIO(data), "stdin", 200_000) == data  # past 64 KiB too
    assert code_of(lambda: inputs.read_stream(io.BytesIO(data), "stdin", 199_999)) == "input_too_big"


def test_text_json_and_dates() -> None:
    assert code_of(lambda: inputs.check_text("\udcff", "name")) == "input_not_utf8"
    assert code_of(lambda: inputs.check_text("a\x00", "name")) == "input_control_char"
    assert code_of(lambda: inputs.check_text("长" * 61, "name", 60)) == "text_too_long"
    assert inputs.check_text("第一行\n第二行\t", "note") == "第一行\n第二行\t"
    assert inputs.json_depth('{"a": "[[[[", "b": [[1]]}') == 3  # brackets in strings don't count
    assert code_of(lambda: inputs.load_json(b"[" * 10_000 + b"]" * 10_000, "file")) == "json_too_deep"
    assert code_of(lambda: inputs.load_json("{", "file")) == "json_invalid"
    assert code_of(lambda: inputs.parse_instant("9999-12-31T23:59:59-12:00", "at")) == "date_out_of_range"
    assert code_of(lambda: inputs.parse_instant("0001-01-01", "at")) == "date_out_of_range"
    assert inputs.parse_instant("2026-03-01T10:00", "at").utcoffset().total_seconds() == 8 * 3600  # type: ignore[union-attr]
    assert code_of(lambda: inputs.parse_day("2026-02-30", "on")) == "bad_date"


def test_atomic_output_refuses_devices_and_leaves_no_part(tmp_path: Path) -> None:
    assert code_of(lambda: inputs.write_atomic(Path("/dev/full"), b"x")) == "output_not_a_file"
    assert Path("/dev/full").is_char_device()
    assert code_of(lambda: inputs.write_atomic(tmp_path, b"x")) == "output_not_a_file"
    target = tmp_path / "made" / "out.txt"
    inputs.write_atomic(target, b"old")

    def failing(fh: io.BufferedWriter) -> None:
        fh.write(b"half")
        raise RuntimeError("the writer died half way")

    with pytest.raises(RuntimeError):
        inputs.write_atomic(target, write=failing)
    assert target.read_bytes() == b"old"  # the old file, never half a new one
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_arguments_name_their_option() -> None:
    with pytest.raises(InvalidInput) as err:
        check_arguments(["person", "add", "--name", "a\udcffb"])
    assert err.value.field == "name"
    with pytest.raises(InvalidInput) as err:
        check_arguments(["employer", "find", "x" * 30_000])
    assert err.value.code == "text_too_long" and err.value.field == "argument"


def test_last_resort_logs_and_says_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    def bug() -> int:
        return {}["no such key"]  # type: ignore[no-any-return]

    assert last_resort(bug, lambda: "en") == 2
    err = capsys.readouterr().err
    assert "KeyError" in err and "Traceback" not in err and str(log_path()) in err
    assert "no such key" in log_path().read_text("utf-8")
    # (a closed pipe: tests/integration/test_input_boundary.py, in a real subprocess)
