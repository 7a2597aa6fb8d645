"""`photo crop` and `signature clean` run as subprocesses on real files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.imaging_samples import jpeg_bytes, portrait, signature_photo


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120)


def test_photo_crop_reports_each_file_and_exit_code(tmp_path: Path) -> None:
    good = tmp_path / "zhang.jpg"
    good.write_bytes(jpeg_bytes(portrait(scale=3.0, angle=5.0).rgb))
    renamed_pdf = tmp_path / "li.jpg"
    renamed_pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    out = tmp_path / "out"
    res = _run("photo", "crop", str(good), str(renamed_pdf), "--out-dir", str(out), "--json",
               "--min-kb", "12", "--max-kb", "40", cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    report = json.loads(res.stdout)
    first, second = report["files"]
    assert first["usable"] and Path(first["output"]).exists()
    assert 0.6 <= first["head_ratio"] <= 0.74 and abs(first["eye_angle"] + 2.5) < 3.5
    assert len(first["face_box"]) == 4
    im = Image.open(io.BytesIO(Path(first["output"]).read_bytes()))
    assert im.size == (295, 413) and 12 * 1024 <= Path(first["output"]).stat().st_size <= 40 * 1024
    assert not second["usable"] and second["problems"][0]["code"] == "image_not_image"
    assert "PDF" in second["problems"][0]["message"]
    assert not (out / "li.jpg").exists()


@pytest.mark.slow  # three interpreter start-ups with OpenCV
def test_all_usable_is_exit_0_and_missing_file_is_exit_2(tmp_path: Path) -> None:
    sig = tmp_path / "sig.jpg"
    sig.write_bytes(jpeg_bytes(signature_photo(seed=2, line=True).rgb))
    res = _run("signature", "clean", str(sig), "--out-dir", str(tmp_path / "o"), "--lang", "en",
               cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "1 usable" in res.stdout
    assert Image.open(tmp_path / "o" / "sig.png").mode == "RGBA"
    assert Image.open(tmp_path / "o" / "sig_print.png").mode == "RGB"
    res = _run("signature", "clean", str(tmp_path / "nope.jpg"), "--out-dir", str(tmp_path / "o"),
               cwd=tmp_path)
    assert res.returncode == 2 and "nope.jpg" in res.stderr
    blank = tmp_path / "blank.png"
    Image.new("RGB", (800, 500), (245, 244, 240)).save(blank)
    res = _run("signature", "clean", str(blank), "--out-dir", str(tmp_path / "o"), "--json",
               cwd=tmp_path)
    assert res.returncode == 1
    assert json.loads(res.stdout)["files"][0]["problems"][0]["code"] == "signature_no_ink"
