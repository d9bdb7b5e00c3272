"""Ace by DAISY: the EPUB accessibility checker retailers and libraries use, run headless.

Installed by ``make`` from the npm registry (``package.json``); it drives Debian's chromium, never a
browser of its own. ``check_epub`` returns the violations by impact (critical, serious, moderate,
minor) with each one's document, rule and description.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PipelineError

ROOT = Path(__file__).resolve().parent.parent
ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
IMPACTS = ("critical", "serious", "moderate", "minor")
TIMEOUT = 900


@dataclass
class AceResult:
    counts: dict[str, int] = field(default_factory=lambda: {k: 0 for k in IMPACTS})
    violations: list[dict] = field(default_factory=list)   # {"file", "rule", "impact", "description"}
    ace_version: str = ""

    def summary(self) -> str:
        return ", ".join(f"{self.counts[k]} {k}" for k in IMPACTS)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise PipelineError("Ace needs chromium (Debian package chromium; make installs it)")


def check_epub(epub: Path) -> AceResult:
    if not ACE.exists():
        raise PipelineError("Ace by DAISY is not installed: run make (it installs node_modules with npm)")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium(), "PUPPETEER_SKIP_DOWNLOAD": "1"}
    with tempfile.TemporaryDirectory() as out:
        try:
            r = subprocess.run([str(ACE), "--silent", "--force", "--outdir", out, str(epub)], env=env,
                               capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PipelineError(f"Ace did not finish in {TIMEOUT} s", str(epub)) from None
        report_path = Path(out) / "report.json"
        if not report_path.exists():
            raise PipelineError(f"Ace failed: {(r.stderr or r.stdout).strip()[-500:]}", str(epub))
        report = json.loads(report_path.read_text(encoding="utf-8"))
    result = AceResult(ace_version=str(report.get("earl:assertedBy", {}).get("doap:release", {}).get(
        "doap:revision", "")))
    for doc in report.get("assertions", []):
        for a in doc.get("assertions", []):
            impact = a["earl:test"].get("earl:impact", "minor")
            result.counts[impact] = result.counts.get(impact, 0) + 1
            result.violations.append({"file": doc["earl:testSubject"]["url"], "rule": a["earl:test"]["dct:title"],
                                      "impact": impact, "description": a["earl:result"]["dct:description"]})
    return result
