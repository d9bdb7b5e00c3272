"""The documentation: the README a new user reads (short: what it does, two commands, a first book),
and the rest as a site that MkDocs builds without a warning (a broken link or anchor fails)."""

import re
import subprocess
import sys

from conftest import ROOT


def test_the_docs_site_builds_strictly(tmp_path):
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    pages = sorted(p.parent.name for p in (tmp_path / "site").rglob("index.html"))
    assert pages == ["architecture", "catalogue", "footnotes", "input-dialects", "performance", "site", "user-guide"]


def test_the_readme_is_short_and_its_links_lead_somewhere():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    links = re.findall(r"\]\(([^)#]+)\)", text)
    assert links and all((ROOT / link).is_file() for link in links), links
    for heading in ("## Two commands", "## Your first book", "## Commands", "## Read more"):
        assert heading in text
