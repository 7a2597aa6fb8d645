"""Screenshots of the phone verifier page (issue 18) in headless Chromium: a phone-sized and a
desktop-sized window, Chinese and English, a valid and a failing result.

    .venv/bin/python scripts/screenshots_verifier.py [OUT_DIR]   (default: screenshots/verifier)

Needs chromium and chromium-driver, and the built page (web/verifier/dist).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.browser import check_pasted, chromium, serve  # noqa: E402
from tests.helpers.phone_corpus import corpus, publish_corpus  # noqa: E402

SIZES = {"phone": (390, 844), "desktop": (1280, 860)}
SHOTS = (("valid", "valid"), ("specimen", "specimen"), ("revoked", "revoked"),
         ("tampered_character", "invalid"), ("expired", "expired"))


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    cases, offices = corpus()
    by_name = {c.name: c for c in cases}
    with tempfile.TemporaryDirectory() as tmp:
        folder = publish_corpus(Path(tmp) / "verifier", offices)
        with serve(folder) as base:
            for size, (w, h) in SIZES.items():
                for lang, accept in (("zh", "zh-CN"), ("en", "en-US")):
                    with chromium(w, h, accept) as driver:
                        driver.get(base + "index.html")
                        driver.save_screenshot(str(out / f"{size}_{lang}_start.png"))
                        for case, label in SHOTS:
                            check_pasted(driver, by_name[case].text)
                            driver.save_screenshot(str(out / f"{size}_{lang}_{label}.png"))
                            print(out / f"{size}_{lang}_{label}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots" / "verifier"))
