"""Hardening, round 2: the seeds folder and the files around it, the build's environment. Each odd
thing answers with one clear line naming the file and the remedy, or with correct output; nothing
hangs, nothing half-published."""

from __future__ import annotations

import os
import threading
import zipfile

import pytest

from helpers import cli

CHAPTER = "## 1. One\n\nText of the chapter.<sup>1</sup>\n\n---\n\n1 A note.\n"


def _cli(*args, env=None, timeout=120):
    return cli(*args, env=env, timeout=timeout)


@pytest.fixture
def book(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "01-one.txt").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "book.yaml").write_text('title: "Odd Files"\n', encoding="utf-8")
    return tmp_path


def test_hidden_files_are_left_out_and_said_once(book):
    (book / "seeds" / ".01-one.bak.txt").write_text("## 9. Backup\n\nOld text.\n", encoding="utf-8")
    (book / "seeds" / ".#01-one.txt").write_bytes(b"\x00\x01lock")
    (book / "seeds" / "._01-one.txt").write_bytes(b"\x00\x05\x16\x07")
    r = _cli("markdown", book)
    assert r.returncode == 0, r.stderr
    said = [ln for ln in r.stderr.splitlines() if ln.startswith("note:")]
    assert said == [f"note: 3 hidden file(s) in {book / 'seeds'} left out: .#01-one.txt, .01-one.bak.txt, "
                    f"._01-one.txt"]
    assert "Backup" not in (book / "build" / "book.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "a folder, not a chapter file: rename it"),
    (lambda p: os.mkfifo(p), "not a regular file (a FIFO): chapter files are plain text files"),
    (lambda p: p.symlink_to("/etc/hostname"), "a link to a file outside the book's folder (/etc/hostname)"),
])
def test_odd_files_named_like_chapters_are_refused_with_their_name(book, make, message):
    odd = book / "seeds" / "05-odd.txt"
    make(odd)
    r = _cli("markdown", book, timeout=60)               # (a FIFO read would wait for ever)
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1, r.stderr
    assert r.stderr.startswith(f"error: {odd}: {message}") and "Traceback" not in r.stderr


def test_a_link_inside_the_book_folder_is_a_chapter(book):
    (book / "drafts").mkdir()
    (book / "drafts" / "two.txt").write_text("## 2. Two\n\nMore text.\n", encoding="utf-8")
    (book / "seeds" / "02-two.txt").symlink_to(book / "drafts" / "two.txt")
    r = _cli("markdown", book)
    assert r.returncode == 0 and "More text." in (book / "build" / "book.md").read_text(encoding="utf-8")


def test_a_long_chapter_name_builds(book):
    (book / "seeds" / ("a" * 240 + ".txt")).write_text("## 2. Two\n\nMore text.\n", encoding="utf-8")
    r = _cli("epub", book)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("encoding, bom, named", [
    ("utf-16", True, "UTF-16LE (byte order mark FF FE)"),
    ("utf-16-be", False, "UTF-16BE (no byte order mark)"),
    ("utf-32", True, "UTF-32LE (byte order mark FF FE 00 00)"),
])
def test_wide_encodings_are_named_with_the_remedy(book, encoding, bom, named):
    path = book / "seeds" / "02-wide.txt"
    path.write_bytes(CHAPTER.encode(encoding))          # (Python writes a BOM for utf-16 and utf-32 only)
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\x00#") and bom == (encoding != "utf-16-be")
    r = _cli("markdown", book)
    assert r.returncode == 2
    assert f"02-wide.txt: the file is {named}, not UTF-8: save it as UTF-8 (for example: iconv -f " in r.stderr


def test_extract_refuses_a_folder_that_holds_files_and_force_replaces_the_chapters(tmp_path):
    from conftest import DEV_TOOLS
    out = tmp_path / "seeds"
    out.mkdir()
    (out / "00-old-book.txt").write_text("## Another book\n\nIts text.\n", encoding="utf-8")
    (out / ".notes.txt").write_text("an editor's hidden file", encoding="utf-8")
    pdf = DEV_TOOLS / "seed-typst.pdf"
    r = _cli("extract", pdf, "-o", out)
    assert r.returncode == 2 and r.stderr.strip() == (
        f"error: {out}: the folder holds files already (.notes.txt, 00-old-book.txt): extract into a new "
        f"folder, or pass --force to replace its chapter files")
    r = _cli("extract", pdf, "-o", out, "--force")
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in out.iterdir())
    assert ".notes.txt" in names and "00-old-book.txt" not in names and "extract-report.json" in names


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "253402300800", "abc", "-5", "1e9"])
def test_a_source_date_epoch_that_is_no_time_is_refused(book, value):
    r = _cli("epub", book, env={"SOURCE_DATE_EPOCH": value})
    assert r.returncode == 2 and r.stderr.strip() == (
        f"error: SOURCE_DATE_EPOCH={value!r} is not a time: give the seconds since 1970-01-01 (0 to "
        f"253402300799, for example $(git log -1 --format=%ct)), or unset it")


def test_the_last_second_of_year_9999_builds_an_epub(book):
    r = _cli("epub", book, env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert r.returncode == 0, r.stderr
    epub = zipfile.ZipFile(next((book / "dist").glob("*.epub")))
    assert epub.infolist()[0].date_time[0] == 2107                # (a zip's last year)


def test_two_builds_in_one_folder_take_turns(book):
    results = []

    def run():
        results.append(_cli("bundle", book, timeout=300))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert sum("another build is running in" in r.stderr for r in results) <= 1
    assert len(list((book / "dist").glob("*-handoff.zip"))) == 1


def test_an_output_folder_that_cannot_be_made_is_one_line(book, tmp_path):
    (tmp_path / "afile").write_text("x")
    r = _cli("epub", book, "--dist", tmp_path / "afile" / "dist")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1] == (f"error: {tmp_path / 'afile' / 'dist'}: Not a directory "
                                                 f"(nothing was left half-written)")


def test_bundle_member_names_unpack_anywhere(book):
    odd = book / "seeds" / '02-a<b>"c"|d?.txt'
    odd.write_text("## 2. Two\n\nMore text.\n", encoding="utf-8")
    r = _cli("bundle", book)
    assert r.returncode == 0, r.stderr
    names = zipfile.ZipFile(next((book / "dist").glob("*-handoff.zip"))).namelist()
    assert all(not set(n) & set('<>:"|?*\\') for n in names)
    assert "markdown/02-02-a_b_c_d_.md" in names


@pytest.mark.parametrize("escape", ["\\x00", "\\v", "\\e"])
def test_a_correction_holding_a_control_character_is_refused_with_its_line(book, escape):
    (book / "corrections.yaml").write_text(
        'edits:\n  - chapter: 01-one\n    find: "Text of"\n    replace: "Text' + escape + ' of"\n', encoding="utf-8")
    r = _cli("epub", book)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "corrections.yaml:2: invalid corrections.yaml: line 2: edit 'Text of': control character U+" in r.stderr
    assert "a correction is plain text like the manuscript (tabs only)" in r.stderr
    assert not list((book / "dist").glob("*.epub")) if (book / "dist").exists() else True


# -- hostile PDFs: extract answers in bounded time and memory -----------------------------------------

def _pdf(path, content: bytes, tounicode: bytes | None = None, pages: int = 1):
    import pikepdf
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    if tounicode is not None:
        font.ToUnicode = pdf.make_stream(tounicode)
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=(432, 648))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(content)
    pdf.save(path, compress_streams=True)
    return pdf


CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def\n"
        b"1 begincodespacerange <%s> <%s> endcodespacerange\n%s endcmap CMapName currentdict /CMap "
        b"defineresource pop end end")


@pytest.mark.parametrize("name, content, cmap", [
    ("a CMap range over every 4-byte code", b"BT /F1 12 Tf 72 600 Td (Hello) Tj ET",
     CMAP % (b"00000000", b"FFFFFFFF", b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange")),
    ("a 15 KB stream of 10 MB of text operators", b"BT /F1 12 Tf 72 600 Td " + b"(x) Tj " * 1_500_000 + b"ET",
     None),
])
def test_a_pdf_built_to_exhaust_memory_is_refused_with_its_page(tmp_path, name, content, cmap):
    import time
    _pdf(tmp_path / "bomb.pdf", content, cmap)
    start = time.monotonic()
    r = _cli("extract", tmp_path / "bomb.pdf", "-o", tmp_path / "out", timeout=120)
    assert time.monotonic() - start < 60, name
    assert r.returncode == 2 and r.stderr.strip() == (
        f"error: {tmp_path / 'bomb.pdf'}: page 1 needs more than 768 MB to read (its content or fonts expand "
        f"beyond any book page: a PDF built to exhaust memory, or damaged)"), r.stderr
    assert not list((tmp_path / "out").glob("*.txt")) if (tmp_path / "out").exists() else True


def test_characters_that_are_no_text_are_taken_out_and_said(tmp_path):
    cmap = CMAP % (b"00", b"FF", b"2 beginbfchar <48> <0000> <65> <202E> endbfchar")     # H, and 7 e
    _pdf(tmp_path / "odd.pdf", b"BT /F1 12 Tf 72 600 Td (Hello there, a line of text on the page.) Tj ET", cmap)
    r = _cli("extract", tmp_path / "odd.pdf", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines()[0] == ("note: page 1: 8 character(s) that are no text removed (U+0000, U+202E: "
                                        "controls, bidirectional overrides or broken surrogates the font maps to)")
    (chapter,) = (tmp_path / "out").glob("*.txt")
    text = chapter.read_text(encoding="utf-8")
    assert "\x00" not in text and "\u202e" not in text and "llo thr, a lin of txt on th pag." in text
    assert _cli("normalise", chapter, "-o", tmp_path / "o.md").returncode in (0, 1)     # no longer refused as binary


def test_glyphs_no_font_maps_to_text_are_kept_visible_and_said(tmp_path):
    """A glyph whose font has no ToUnicode map and no glyph name a reader knows (a bitmap Type 3
    font: what pdflatex sets textcomp's symbols in without cm-super) is written as pdfminer names it,
    '(cid:176)', and the command warns with the page, so that the editor checks the word."""
    import json
    import pikepdf
    from pikepdf import Array, Dictionary, Name
    pdf = pikepdf.new()
    glyph = pdf.make_stream(b"500 0 0 0 400 400 d1 0 0 400 400 re f")
    degree = Dictionary(Type=Name.Font, Subtype=Name.Type3, FontBBox=Array([0, 0, 500, 500]),
                        FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]), FirstChar=176, LastChar=176,
                        Widths=Array([500]), CharProcs=Dictionary(a176=glyph), Resources=Dictionary(),
                        Encoding=Dictionary(Type=Name.Encoding, Differences=Array([176, Name("/a176")])))
    page = pdf.add_blank_page(page_size=(595, 842))
    page.Resources = Dictionary(Font=Dictionary(F1=Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                                              BaseFont=Name.Helvetica), F2=degree))
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (An angle of 45) Tj /F2 12 Tf <B0> Tj "
                                    b"/F1 12 Tf (, and so on.) Tj ET")
    pdf.save(tmp_path / "degree.pdf")
    r = _cli("extract", tmp_path / "degree.pdf", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines()[0] == ("warning: page 1: 1 glyph(s) whose font gives no text for them (unknown: "
                                        "no ToUnicode map), written as '(cid:N)': check those words against "
                                        "the print")
    (chapter,) = (tmp_path / "out").glob("*.txt")
    assert chapter.read_text(encoding="utf-8").strip() == "An angle of 45(cid:176), and so on."
    report = json.loads((tmp_path / "out" / "extract-report.json").read_text(encoding="utf-8"))
    assert report["glyphs_unmapped"] == [[1, 1, ["unknown"]]]


def test_bookmarks_in_a_cycle_are_read_once_round(tmp_path):
    import pikepdf
    pdf = _pdf(tmp_path / "plain.pdf", b"BT /F1 12 Tf 72 600 Td (Chapter text, a line of it.) Tj ET", pages=2)
    outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    one, two = (pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(t), Parent=outlines,
                                                     Dest=pikepdf.Array([pdf.pages[i].obj, pikepdf.Name.Fit])))
                for i, t in enumerate(("One", "Two")))
    one.Next, two.Next, one.Prev, two.Prev = two, one, two, one
    outlines.First, outlines.Last, outlines.Count = one, two, 2
    pdf.Root.Outlines = outlines
    pdf.save(tmp_path / "cycle.pdf")
    r = _cli("extract", tmp_path / "cycle.pdf", "-o", tmp_path / "out", timeout=60)
    assert r.returncode == 0 and "IndirectObject" not in r.stderr
    assert r.stderr.splitlines()[0] == "note: the PDF's bookmarks run in a cycle: read once round (2 bookmark(s))"
    assert len(list((tmp_path / "out").glob("*.txt"))) == 2


def test_a_chapter_of_running_heads_only_is_neither_written_nor_listed(tmp_path):
    import json

    import pikepdf
    body = b"".join(b"72 %d Td (Body text of the chapter, line %d, runs on to the end of it.) Tj 0 0 Td " % (-14, i)
                    for i in range(20))
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Times)
    for text in (True, True, True, False):
        page = pdf.add_blank_page(page_size=(432, 648))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(b"BT /F1 9 Tf 180 620 Td (A RUNNING HEAD) Tj ET " +
                                        (b"BT /F1 11 Tf 0 580 Td " + body + b" ET" if text else b""))
    outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    one, two = (pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(t), Parent=outlines,
                                                     Dest=pikepdf.Array([pdf.pages[i].obj, pikepdf.Name.Fit])))
                for i, t in ((0, "One"), (3, "Two")))
    one.Next, two.Prev = two, one
    outlines.First, outlines.Last, outlines.Count = one, two, 2
    pdf.Root.Outlines = outlines
    pdf.save(tmp_path / "heads.pdf")
    r = _cli("extract", tmp_path / "heads.pdf", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "out" / "extract-report.json").read_text(encoding="utf-8"))
    assert [c["title"] for c in report["chapters"]] == ["One"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == ["01-one.txt"]
    assert ("note: the chapter starting on page 4 (Two) holds no text but running heads and folios: no chapter "
            "file written") in r.stderr


def test_note_labels_past_99999_and_endless_words_are_refused_with_their_line(tmp_path):
    import time
    (tmp_path / "lab.txt").write_text("## 1. T\n\nText.<sup>99999</sup> More.<sup>100000</sup>\n\n---\n\n"
                                      "99999 A.\n\n100000 B.\n", encoding="utf-8")
    r = _cli("normalise", tmp_path / "lab.txt", "-o", tmp_path / "o.md")
    assert r.returncode == 2 and r.stderr.strip() == (
        f"error: {tmp_path / 'lab.txt'}:3: a note label of 6 digits (<sup>100000</sup>): labels run to 99999; "
        f"number the notes again from 1 (each chapter may start again)")
    (tmp_path / "tok.txt").write_text("## 1. T\n\n" + "-".join(["ab"] * 1_500_000) + "\n", encoding="utf-8")
    start = time.monotonic()
    r = _cli("normalise", tmp_path / "tok.txt", "-o", tmp_path / "o.md")
    assert time.monotonic() - start < 30 and r.returncode == 2
    assert r.stderr.strip() == (f"error: {tmp_path / 'tok.txt'}:3: 4,499,999 characters without a space "
                                f"('ab-ab-ab-ab-ab-ab-ab…'): no word of a book is this long (a damaged or generated "
                                f"file?)")


def test_invisible_and_bidi_characters_are_reported_and_a_heading_keeps_them_closed(tmp_path):
    from pipeline.normalise import normalise
    (tmp_path / "b.txt").write_text("## 1. The \u202eHeading\n\nA zero\u200bwidth space and an \u2067isolate.\n",
                                    encoding="utf-8")
    result = normalise([tmp_path / "b.txt"], names=["b.txt"])
    md = result.markdown()
    assert md.startswith("# 1. The \u202eHeading\u202c\n")          # the override closed where the heading ends
    found = [(e.line, e.evidence.split(" at column")[0]) for e in result.report.entries if e.kind == "invisible-character"]
    assert found == [(1, "U+202E (RIGHT-TO-LEFT OVERRIDE)"), (3, "U+200B (ZERO WIDTH SPACE)"),
                     (3, "U+2067 (RIGHT-TO-LEFT ISOLATE)")]
    (tmp_path / "book.yaml").write_text('title: "Evil \u202eeltiT"\n', encoding="utf-8")
    from pipeline.book import load_book
    from pipeline.errors import PipelineError
    with pytest.raises(PipelineError, match="title holds an invisible character U\\+202E") as exc:
        load_book(tmp_path / "book.yaml")
    assert exc.value.line == 1


def test_a_glyph_the_tool_could_not_read_is_kept_and_said_with_its_place(tmp_path):
    """PyMuPDF writes U+FFFD for a glyph it cannot read (a Typst print's '⸻', which its font lacks):
    the character stays where it stood, and the report names each place, so that the editor writes
    what the book prints (it had passed unsaid)."""
    from pipeline.normalise import normalise
    (tmp_path / "f.txt").write_text("## 1. Title\n\nTo Mr. \ufffd, the goldsmith.\n\nHome, and \ufffd\ufffd to bed.\n",
                                    encoding="utf-8")
    result = normalise([tmp_path / "f.txt"], names=["f.txt"])
    assert "To Mr. \ufffd, the goldsmith." in result.markdown()
    found = [(e.line, e.severity, e.evidence.split(":")[0]) for e in result.report.entries
             if e.kind == "unreadable-character"]
    assert found == [(3, "warning", "U+FFFD at column 8"), (5, "warning", "U+FFFD at column 11"),
                     (5, "warning", "U+FFFD at column 12")]


def test_a_reader_that_dies_is_answered_with_the_page_it_was_on(tmp_path):
    """A page reader can die inside a library that cannot answer for itself (out of memory in C++):
    each reader notes its page before reading it, finished readers clear the note."""
    from pipeline.extract import _pages_being_read, _too_large
    files = [tmp_path / "pages-000.pickle", tmp_path / "pages-001.pickle", tmp_path / "pages-002.pickle"]
    (tmp_path / "pages-000.pickle.page").write_text("")            # finished
    (tmp_path / "pages-001.pickle.page").write_text("260")          # was reading page 260
    assert _pages_being_read(files) == [260]
    assert _too_large([260]).startswith("page 260 needs more than 768 MB to read")
