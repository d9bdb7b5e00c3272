"""book.yaml is checked against a schema: a clear message with the line for every mistake, never a
traceback, never a silently wrong value."""

import subprocess
import sys

import pytest

from pipeline.book import load_book
from pipeline.errors import PipelineError

BAD = [
    # (book.yaml text, line, words in the message)
    ("title: T\nfirst_page: one\n", 2, "first_page"),
    ('title: T\ntrim: "6x9"\n', 2, "trim"),
    ("title: T\ntrim: {width: 6x, height: 9in}\n", 2, "trim.width"),
    ("title: T\nauthors: 5\n", 2, "authors"),
    ("title: " + "A" * 501 + "\n", 1, "at most 500"),
    ('title: T\ncrop_marks: "false"\n', 2, "crop_marks"),
    ("title: [a, b]\n", 1, "title"),
    ("titel: T\ntitle: T\n", 1, "did you mean 'title'"),
    ('title: T\nlanguage: en" onload="alert(1)\n', 2, "BCP 47"),
    ("title: T\nbleed: url(x)\n", 2, "bleed"),
    ("title: T\nbleed: 3in\n", 2, "larger than 1in"),
    ("title: T\nnotes: margin\n", 2, "notes"),
    ("title: T\nisbn: 978-0-00-000000-0\n", 2, "check digit"),
    ("title: T\ndate: yesterday\n", 2, "YYYY"),
    ("title: T\nfirst_page: 0\n", 2, "from 1"),
    ("a: &a [x, x, x, x]\nb: &b [*a, *a, *a]\ntitle: T\n", 2, "aliases"),
    ("- a list\n", None, "mapping"),
    ("subtitle: S\n", None, "at least a title"),
    ("title: T\n  bad: indent\n", 2, "invalid YAML"),
    ('title: T\nrunning_title: " "\n', 2, "running_title must not be empty"),
    ("title: T\nrunning_title: " + "A" * 61 + "\n", 2, "holds at most 60"),
    ("title: T\ninput: word\n", 2, "input"),
]


@pytest.mark.parametrize("text, line, words", BAD, ids=[b[2] for b in BAD])
def test_bad_book_yaml_is_refused_with_its_line(tmp_path, text, line, words):
    p = tmp_path / "book.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as exc:
        load_book(p)
    assert words in str(exc.value)
    assert exc.value.line == line


def test_latin1_book_yaml_names_the_line(tmp_path):
    p = tmp_path / "book.yaml"
    p.write_bytes("title: T\npublisher: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(PipelineError, match="UTF-8") as exc:
        load_book(p)
    assert exc.value.line == 2


def test_values_are_normalised_and_long_titles_give_short_file_names(tmp_path):
    p = tmp_path / "book.yaml"
    p.write_text("title: " + "A very long title " * 20 + "\nlanguage: en-gb\nisbn: 9780306406157\n"
                 "date: 2026-01-02\ntrim: {width: 152mm, height: 229mm}\nbleed: 0.125in\ncrop_marks: true\n",
                 encoding="utf-8")
    book = load_book(p)
    assert book.language == "en-GB" and book.isbn == "9780306406157" and book.date == "2026-01-02"
    assert (book.trim_width, book.trim_height, book.bleed, book.crop_marks) == ("152mm", "229mm", "0.125in", True)
    assert len(book.slug) <= 60 and book.slug.startswith("a-very-long-title") and not book.slug.endswith("-")


def test_cli_reports_bad_book_yaml_without_traceback(tmp_path):
    (tmp_path / "book.yaml").write_text("title: T\nfirst_page: one\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text("## 1. T\n\nText.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pipeline", "epub", "--root", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [f"error: {tmp_path / 'book.yaml'}:2: first_page: Input should be a valid "
                                     f"integer (got 'one')"]


def test_every_problem_on_its_own_line(tmp_path):
    """All of book.yaml's problems at once, in the file's order, one a line, each with its line."""
    (tmp_path / "book.yaml").write_text('titel: T\nnotes: foot\ncrop_marks: "yes"\n', encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "01.txt").write_text("## 1. T\n\nText.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pipeline", "epub", str(tmp_path)], capture_output=True, text=True)
    path = tmp_path / "book.yaml"
    assert r.returncode == 2 and r.stderr.splitlines() == [
        f"error: {path}:1: unknown key 'titel' (did you mean 'title'?)",
        f"error: {path}:2: notes: Input should be 'book', 'chapter' or 'footnotes' (got 'foot')",
        f"error: {path}:3: crop_marks: Input should be a valid boolean (got 'yes')",
        f"error: {path}: book.yaml must give at least a title: add a line such as title: \"The Book's Title\""]


def test_running_title_is_the_verso_head(tmp_path):
    from pipeline.pdf.layout import page_css
    p = tmp_path / "book.yaml"
    p.write_text('title: "A History of the Soviet Union from Its Beginnings to Its Collapse"\n'
                 'running_title: "A History of the Soviet Union"\n', encoding="utf-8")
    css = page_css(load_book(p))
    assert "@page :left { @top-center { content: \"A History of the Soviet Union\"; } }" in css
    p.write_text('title: "Voyages"\n', encoding="utf-8")
    assert 'content: "Voyages"' in page_css(load_book(p))
