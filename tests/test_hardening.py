"""Odd or hostile manuscripts: never a hang, a crash, hidden text or live markup; clear located errors."""

import re
import subprocess
import sys
import time
import zipfile

import pytest

from helpers import build_book

from pipeline.errors import PipelineError
from pipeline.normalise import normalise

TAMPER = (
    "## 1. Tamper\n\n"
    "Text [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ end.\n\n"
    "Visible [secret words]{style=\"display:none\"} end.\n\n"
    "A [link](javascript:alert(1)) and [x]{#ch01 onmouseover=\"alert(1)\"} and ![img](http://x/y.png).\n\n"
    "Forged {{NOTEREF:99}} and {{NOTEREF:130}} and \u2063SPLIT:TITLE\u2063 cut and \ue000 page.\n\n"
    "Text [^9] and `code`{=html} and $x$ math and <b onclick=\"x()\">bold</b> &amp; more.<sup>1</sup>\n\n"
    "---\n\n1 A note.\n")


@pytest.fixture(scope="module")
def tamper_epub(tmp_path_factory):
    start = time.monotonic()
    dist = build_book("epub", tmp_path_factory.mktemp("tamper"), {"01.txt": TAMPER}, "Tamper")
    return next(dist.glob("*.epub")), time.monotonic() - start


def test_tampered_text_is_shown_as_written_without_live_markup(tamper_epub):
    epub, seconds = tamper_epub
    assert seconds < 60                                   # no hang on unmatched brackets
    chapter = zipfile.ZipFile(epub).read("EPUB/ch01.xhtml").decode()
    # (compared with quote shapes folded: the book sets typographic quotes)
    body = chapter[chapter.index("<body"):].translate(str.maketrans("’‘“”", "''\"\""))
    for visible in ("Text [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ end.", "Visible [secret words]{style=\"display:none\"} end.",
                    "[link](javascript:alert(1))", "{{NOTEREF:99}}", "{{NOTEREF:130}}", "SPLIT:TITLE",
                    "Text [^9] and `code`{=html} and $x$ math", "&lt;b onclick=\"x()\"&gt;bold&lt;/b&gt; &amp;amp; more"):
        assert visible.replace('"', "&quot;") in body or visible in body, visible
    from lxml import etree
    tree = etree.fromstring(chapter.encode())
    for el in tree.iter():
        assert not any(a == "style" or a.startswith("on") for a in el.attrib), (el.tag, el.attrib)
        assert etree.QName(el).localname not in ("img", "script", "iframe", "object")
        assert not el.get("href", "").startswith("javascript:")
    ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    # one note, one reference: forged placeholders made none
    assert len(re.findall(r'role="doc-noteref"', body)) == 1
    nav = zipfile.ZipFile(epub).read("EPUB/nav.xhtml").decode()
    assert "SPLIT" not in nav and "NOTEREF" not in nav


def test_tampered_text_keeps_every_word(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text(TAMPER, encoding="utf-8")
    stats = normalise([p]).report.stats
    assert stats["words_lost"] == 0 and stats["words_added"] == 0
    entries = normalise([p]).report.entries
    assert {"raw-html-escaped", "markup-escaped"} <= {e.kind for e in entries}
    escaped = [e for e in entries if e.kind == "markup-escaped"]
    assert [e.line for e in escaped] == [5, 7, 11] and all(e.severity == "warning" for e in escaped)


def test_a_nul_a_text_tool_wrote_for_an_unmapped_glyph_is_reported_and_kept(tmp_path):
    """pypdf and PyMuPDF's plain text write a NUL for a glyph whose font maps no character (Typst's
    '⸻'): a few NULs in a text with no other control character are such glyphs, read as U+FFFD (what
    PyMuPDF's Markdown writes) and reported with their place; the chapter is not refused (it was,
    whole, and called binary when the NUL stood in its first 8 KB). A file dense with NULs is binary."""
    p = tmp_path / "tool.txt"
    p.write_text("## T\n\nok\n\n" + "word " * 3000 + "\n\nx\x00y and a \x00 more\n", encoding="utf-8")
    result = normalise([p])
    found = [(e.line, e.evidence[:20]) for e in result.report.entries if e.kind == "unreadable-character"]
    assert found == [(7, "U+FFFD at column 2: "), (7, "U+FFFD at column 11:")]
    assert "x\ufffdy and a \ufffd more" in result.markdown()
    assert result.report.stats["words_lost"] == 0
    dense = tmp_path / "dense.txt"
    dense.write_bytes(b"## T\n\n" + b"abc\x00" * 50)
    with pytest.raises(PipelineError, match="binary"):
        normalise([dense])


@pytest.mark.parametrize("raw, line, message", [
    ("## T\n\nok\n\n" + "word " * 3000 + "\n\nx\x00y\x01\n", 7,
     "NUL character at column 2: a manuscript is plain text (a PDF text tool writes one for a glyph it could "
     "not map"),
    ("## T\n\nok\x07bell\n", 3, "control character U+0007 at column 3"),
    ("## T\n\n" + "*_" * 400 + "deep" + "_*" * 400 + "\n", 3, "emphasis marks nested 800 deep"),
])
def test_control_characters_and_deep_nesting_are_refused_with_their_line(tmp_path, raw, line, message):
    p = tmp_path / "bad.txt"
    p.write_text(raw, encoding="utf-8")
    with pytest.raises(PipelineError) as exc:
        normalise([p])
    assert exc.value.line == line and message in str(exc.value)
    r = subprocess.run([sys.executable, "-m", "pipeline", "normalise", str(p), "-o", str(tmp_path / "o.md")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and f"{p}:{line}: " in r.stderr and "Traceback" not in r.stderr


def test_form_feeds_are_page_breaks_not_text(tmp_path):
    p = tmp_path / "ff.txt"
    p.write_text("## T\n\nThe first page ends in the middle of a\fsentence that goes on.\n", encoding="utf-8")
    md = normalise([p]).markdown()
    assert "a sentence that goes on." in md and "\f" not in md
