"""The tool as a publisher installs it: a wheel with its styles, templates and the new book's files
as package data, run from any folder; ``book-pipeline new`` and the command line's conventions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import cli

SAMPLE = ["book.yaml", ".gitignore", "seeds/01-sample.txt"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The package built as a wheel from a copy of the checkout (the checkout's build/ is the books')."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "pipeline", src / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", str(src),
                    "-w", str(tmp / "dist")], check=True, capture_output=True, cwd=tmp)
    (whl,) = (tmp / "dist").glob("pipeline-*.whl")
    return whl


def test_the_wheel_carries_the_styles_templates_and_sample(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    styles = sorted(p.relative_to(ROOT / "pipeline").as_posix() for p in (ROOT / "pipeline" / "styles").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts)
    assert len(styles) == 17 and all(f"pipeline/{s}" in names for s in styles), sorted(names)
    assert {"pipeline/skeleton/book.yaml", "pipeline/skeleton/gitignore",
            "pipeline/skeleton/seeds/01-sample.txt"} <= names


def test_installed_wheel_makes_a_new_book_and_its_epub_away_from_the_checkout(wheel, tmp_path):
    """Installed (not editable) into a folder of its own and run from another: the styles are the
    wheel's, not the checkout's."""
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    env = {"PYTHONPATH": str(site)}
    where = cli("--version", cwd=tmp_path, env=env)
    assert where.returncode == 0 and where.stdout.strip() == "book-pipeline 0.1.0"
    probe = subprocess.run([sys.executable, "-c", "import pipeline.resources as r; print(r.styles())"],
                           capture_output=True, text=True, cwd=tmp_path, env={**os.environ, **env})
    assert Path(probe.stdout.strip()).is_relative_to(site), probe.stdout + probe.stderr
    made = cli("new", "mybook", cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stderr
    assert sorted(str(p.relative_to(tmp_path / "mybook")) for p in (tmp_path / "mybook").rglob("*") if p.is_file()) \
        == sorted(SAMPLE)
    built = cli("epub", cwd=tmp_path / "mybook", env=env)
    assert built.returncode == 0, built.stderr
    epub = zipfile.ZipFile(tmp_path / "mybook" / "dist" / "a-sample-book.epub")
    css = [n for n in epub.namelist() if n.endswith(".css")]
    assert len(css) == 1 and epub.read(css[0]) == (ROOT / "pipeline" / "styles" / "epub.css").read_bytes()
    text = b"".join(epub.read(n) for n in epub.namelist() if n.endswith(".xhtml")).decode()
    assert "sword-bearer" in text and text.count('epub:type="noteref"') == 4


def test_new_refuses_a_folder_that_holds_anything(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "notes.txt").write_text("mine")
    r = cli("new", tmp_path / "book", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip() == (f"error: {tmp_path / 'book'}: not empty (notes.txt); give the "
                                                      f"name of a new folder (nothing was written)")
    assert [p.name for p in (tmp_path / "book").iterdir()] == ["notes.txt"]


def test_the_sample_chapter_shows_what_the_normaliser_repairs():
    """The sample is the seed's shape: a paragraph and a word broken at the page end, notes at the foot."""
    from pipeline.normalise import normalise
    from pipeline.resources import skeleton
    result = normalise([skeleton() / "seeds" / "01-sample.txt"], typography="smart")
    md = result.markdown()
    assert md.count("[^") == 8 and md.count("\n\n") == 7       # 4 markers; 8 blocks: a heading, 3 paragraphs, 4 notes
    assert "sent to Monk their sword-bearer, to acquaint him" in md
    counts = result.report.counts()
    assert counts["repair:paragraph-join"] == 1 and counts["ambiguous:hyphen-kept"] == 1


def test_quiet_prints_only_warnings_and_errors_and_folder_is_positional(tmp_path):
    assert cli("new", "b", cwd=tmp_path).returncode == 0
    loud = cli("markdown", "b", cwd=tmp_path)
    quiet = cli("-q", "markdown", "b", cwd=tmp_path)
    assert loud.returncode == quiet.returncode == 0
    assert "normalising 1 chapter(s)" in loud.stderr and "markdown in" in loud.stderr
    assert quiet.stderr == ""
    verbose = cli("-v", "markdown", "b", cwd=tmp_path)
    lines = verbose.stderr.splitlines()
    assert [ln.split(":")[0] for ln in lines if ln.startswith(("ambiguous:", "repair:"))] == \
        ["ambiguous", "repair", "repair", "repair"], verbose.stderr
    assert next(ln for ln in lines if ln.startswith("ambiguous")).startswith(
        "ambiguous: seeds/01-sample.txt:15: hyphen-kept: 'swordbearer'")
    assert (tmp_path / "b" / "build" / "book.md").is_file()


def test_every_command_has_help_and_the_typography_default_is_the_books():
    from pipeline.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert p.description, name
    normalise = sub.choices["normalise"]
    assert next(a for a in normalise._actions if a.dest == "typography").default == "smart"


def _bare_path(tmp_path) -> dict:
    """A PATH of a machine with none of the system packages, as a user who is not root."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool in ("bash", "grep", "env"):
        (bin_ / tool).symlink_to(shutil.which(tool))
    (bin_ / "id").write_text("#!/bin/sh\necho 1000\n")
    (bin_ / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    for stub in ("id", "dpkg-query"):
        (bin_ / stub).chmod(0o755)
    return {**os.environ, "PATH": str(bin_)}


@pytest.mark.parametrize("which, packages", [
    ("runtime", "fonts-sil-charis libharfbuzz-subset0 default-jre-headless"),
    ("test", "poppler-utils chromium chromium-driver groff texlive-latex-base npm fonts-dejavu-core"),
])
def test_a_user_who_is_not_root_gets_the_exact_apt_line(tmp_path, which, packages):
    """`make` checks only what building books needs; `make test` adds the test tools."""
    r = subprocess.run([str(ROOT / "scripts" / "system-deps.sh"), which], capture_output=True, text=True,
                       env=_bare_path(tmp_path))
    assert r.returncode == 1
    assert r.stderr.splitlines() == [f"error: missing system packages ({which}): {packages}",
                                     f"       install them with: sudo apt-get install --no-install-recommends "
                                     f"{packages}"]


def test_make_installs_no_test_tool():
    """The default target's setup is the runtime's: no test extras, no test packages, no Ace."""
    r = subprocess.run(["make", "-n", "-B", "setup"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0
    assert "system-deps.sh runtime" in r.stdout and "system-deps.sh test" not in r.stdout
    assert "[test]" not in r.stdout and "npm" not in r.stdout
    t = subprocess.run(["make", "-n", "-B", "test-setup"], capture_output=True, text=True, cwd=ROOT)
    assert "system-deps.sh test" in t.stdout and "'.[test]'" in t.stdout and "npm ci" in t.stdout
