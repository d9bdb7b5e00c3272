"""The renderer's walk of pandoc's AST: every element reached wherever it stands, filters top-down."""

import pytest

from pipeline.model import NONCHARACTERS, Report
from pipeline.pandoc_ast import walk
from pipeline.render import ChapterSource, NoteRef, render_chapter


def test_walk_is_top_down_splices_lists_and_does_not_walk_a_replacement_again():
    ast = [{"t": "Para", "c": [{"t": "Emph", "c": [{"t": "Str", "c": "a"}]},
                               {"t": "Str", "c": "b"}]}]
    seen = []

    def emph(node):
        seen.append("Emph")
        return [{"t": "Str", "c": "x"}, {"t": "Emph", "c": [{"t": "Str", "c": "y"}]}]   # not walked again

    def string(node):
        seen.append(node["c"])
        return {"t": "Str", "c": node["c"].upper()}

    out = walk(ast, {"Emph": emph, "Str": string})
    assert seen == ["Emph", "b"]
    assert out == [{"t": "Para", "c": [{"t": "Str", "c": "x"}, {"t": "Emph", "c": [{"t": "Str", "c": "y"}]},
                                       {"t": "Str", "c": "B"}]}]
    with pytest.raises(TypeError, match="Emph element outside a list"):
        walk({"t": "Emph", "c": []}, {"Emph": lambda node: []})


CONTAINERS = """## Notes in every kind of block

> A quotation[^q].
>
> - a list item[^l]

| a line block[^b]
| and its second line

| table | column |
|-------|--------|
| a cell[^t] | x |

Term
:   a definition[^d]

Text[^p] and a citation [see @doe, p. 3][^c].

[^q]: on the quotation
[^l]: on the list item
[^b]: on the line block
[^t]: on the cell
[^d]: on the definition
[^p]: on the text
[^c]: after the citation
"""


def test_notes_in_tables_line_blocks_and_definitions_become_references_with_their_labels():
    chapter = render_chapter(ChapterSource(1, CONTAINERS, "containers.txt", "",
                                           ["q", "l", "b", "t", "d", "p", "c"], ["q", "l", "b", "t", "d", "p", "c"]),
                             Report())
    # the references are data in the body (NoteRef), in reading order; no mark is left in the text
    assert [part.label for part in chapter.body if isinstance(part, NoteRef)] == ["q", "l", "b", "t", "d", "p", "c"]
    assert all(not set(part) & set(NONCHARACTERS) for part in chapter.body if isinstance(part, str))
    assert [(n.label, n.html) for n in chapter.notes] == [
        ("q", ["<p>on the quotation</p>"]), ("l", ["<p>on the list item</p>"]), ("b", ["<p>on the line block</p>"]),
        ("t", ["<p>on the cell</p>"]), ("d", ["<p>on the definition</p>"]), ("p", ["<p>on the text</p>"]),
        ("c", ["<p>after the citation</p>"])]
    # pandoc's own footnotes never appear: every note went through the renderer
    body = chapter.markup(chapter.body, lambda label: f"[{label}]")
    assert "footnote" not in body and not any("footnote" in chapter.markup(n.html) for n in chapter.notes)
    assert body.count("[") == 7 + 1 and "a cell[t]" in body          # (and the citation's own [see …])


def test_raw_markup_in_a_table_cell_is_shown_as_text_and_reported():
    report = Report()
    chapter = render_chapter(ChapterSource(1, "## T\n\n| a | b |\n|---|---|\n| <b>x</b> | y |\n", "cell.txt"), report)
    body = chapter.markup(chapter.body)
    assert "&lt;b&gt;x&lt;/b&gt;" in body and "<b>" not in body
    assert [e.kind for e in report.entries] == ["raw-html-escaped", "raw-html-escaped"]


def test_reported_lines_are_found_in_the_seed_file_whatever_its_report_name(tmp_path, monkeypatch):
    """render_book looks reported snippets up in the seed it hashed (``path``), not in a file named
    like the report name (``seeds/01.txt`` is relative to the project's root, not to the working folder)."""
    from types import SimpleNamespace

    from pipeline.render import render_book
    seed = tmp_path / "project" / "seeds" / "01.txt"
    seed.parent.mkdir(parents=True)
    text = "## One\n\nPlain text.\n\nText with a picture ![a map](map.png) here.\n"
    seed.write_text(text, encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "01.md").write_text(text, encoding="utf-8")
    from pipeline.build import PreparedChapter
    prepared = SimpleNamespace(book_markdown=tmp_path / "build" / "book.md", chapters=[
        PreparedChapter("01.md", "seeds/01.txt", seed, tmp_path / "build" / "01.md", tmp_path / "build" / "01.md",
                        (), ())])
    monkeypatch.chdir(tmp_path)                        # no seeds/01.txt from here
    monkeypatch.delenv("PIPELINE_CACHE_DIR", raising=False)
    report = Report()
    render_book(prepared, SimpleNamespace(first_page=None), report)
    assert [(e.kind, e.file, e.line) for e in report.entries] == [("image-removed", "seeds/01.txt", 5)]


def test_no_line_opens_with_a_note_marker():
    """A marker is joined to the word before it (U+2060, as note_link writes it): WeasyPrint never
    breaks before it, at any measure (without the joiner it breaks after 'Fitch,' at 120-134 px).
    Set in Charis SIL, the print's face."""
    import io

    import pypdf
    from weasyprint import HTML

    from pipeline.render import note_link
    body = "word Colonel Fitch," + note_link("135", "#n", "r135") + " and the rest of them went home"
    page = ("<html><head><style>@page {{ size: 300px 400px; margin: 10px }} body {{ font: 12px 'Charis SIL'; "
            "width: {}px }} a.noteref {{ font-size: 0.68em; vertical-align: 0.5em; line-height: 0 }}</style>"
            "</head><body><p>{}</p></body></html>")
    for width in range(60, 200, 4):
        pdf = HTML(string=page.format(width, body)).write_pdf()
        lines = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split("\n")
        assert not any(line.strip().lstrip("\u2060").startswith("135") for line in lines), (width, lines)


def test_a_headings_short_title_is_the_chapters_running_head():
    """``{short="…"}`` on the chapter's heading: the recto running heads of the print show it."""
    from pipeline.model import Report
    from pipeline.render import ChapterSource, render_chapter
    md = ('# 4. The Stalin’s “Second” Revolution and the Crisis of the Soviet Economy '
          '{short="The Second Revolution"}\n\nText.\n')
    chapter = render_chapter(ChapterSource(1, md, "ch.md", md), Report())
    assert chapter.short_title == "The Second Revolution"
    assert chapter.plain_title.startswith("4. The Stalin’s “Second” Revolution and the Crisis")
    plain = render_chapter(ChapterSource(2, "# Voyages\n\nText.\n", "ch2.md", ""), Report())
    assert plain.short_title == ""


def test_every_report_kind_is_catalogued():
    """The report kinds are one enum (kinds.Kind, with their default severity): the code names its
    members, never a kind as a string; every member it names exists and each member is written by
    some stage; a name that is no kind is refused, not counted as a repair."""
    import re

    import pytest

    from conftest import ROOT
    from pipeline.kinds import Kind, Severity
    from pipeline.model import Report
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "pipeline").rglob("*.py")
                   if p.name != "kinds.py")
    assert re.findall(r"\.add\(\s*\"", code) == []            # report.add("dehyphenate", …)
    assert re.findall(r"\"kind\": \"", code) == []               # {"kind": "spacing-repaired", …}
    named = set(re.findall(r"\bKind\.([A-Z_]+)", code))
    assert named - set(Kind.__members__) == set()
    assert set(Kind.__members__) - named == set()
    assert len(Kind) == 56 and {k.severity for k in Kind} == set(Severity)
    assert Kind.DEHYPHENATE == "dehyphenate" and Kind.WORDS_LOST.severity is Severity.ERROR
    with pytest.raises(ValueError, match="report kind 'no-such-kind' is not in model.Kind"):
        Report().add("no-such-kind", "f", 1)
    entry = Report().add(Kind.LINK_REMOVED, "f", 1)
    assert (entry.kind, entry.severity) == ("link-removed", "warning") and type(entry.kind) is str


def test_chapters_rendered_together_are_the_chapters_rendered_one_by_one():
    """Two pandoc runs for any number of chapters (render_chapters): each chapter's labels, heading
    identifiers and notes stay its own (both define a note 1 and a section 'Notes on the text')."""
    import dataclasses

    from pipeline.render import ChapterSource, render_chapters
    chapters = [ChapterSource(1, "# One\n\nText.[^1]\n\n## Notes on the text\n\nMore.[^2]\n\n[^1]: First.\n\n"
                                 "[^2]: Second.\n", "one.md", "", ["1", "2"], ["1", "2"]),
                ChapterSource(2, "# Two\n\nOther text.[^1] And *more*.\n\n## Notes on the text\n\n[^1]: Its own first."
                                 "\n\n[^9]: Never called.\n", "two.md", "", ["1"], ["1", "9"])]
    reports = [Report(), Report()]
    together = render_chapters(chapters, reports)
    for source, chapter, report in zip(chapters, together, reports):
        alone = Report()
        assert dataclasses.asdict(chapter) == dataclasses.asdict(render_chapter(source, alone))
        assert [dataclasses.asdict(e) for e in report.entries] == [dataclasses.asdict(e) for e in alone.entries]
    assert [n.html for n in together[1].notes] == [["<p>Its own first.</p>"], ["<p>Never called.</p>"]]
    assert [n.referenced for n in together[1].notes] == [True, False]
    assert [together[0].sections, together[1].sections] == [[("ch01-s1", "Notes on the text")],
                                                            [("ch02-s1", "Notes on the text")]]


@pytest.mark.parametrize("files", ["seed", "pepys"])
def test_the_normalised_chapters_note_references_are_the_ones_pandoc_reads(files):
    """The renderer gives pandoc's notes (which carry no label) the labels the normalised chapter holds
    (``markdown.note_references``): on the seed and six Pepys chapters they are, one for one, the
    ``[^label]`` references of the Markdown pandoc reads, and every note the Markdown defines is
    rendered, called or not."""
    import re

    from conftest import ROOT, SHARED
    from pipeline.markdown import chapter_markdown, note_references
    from pipeline.normalise import normalise
    from pipeline.render import render_chapters
    paths = sorted((ROOT / "seeds").glob("*.txt")) if files == "seed" \
        else sorted((SHARED / "corpus" / "pepys-1660-1661").glob("*.txt"))[:6]
    chapters = normalise(paths).chapters
    sources = []
    for i, ch in enumerate(chapters, start=1):
        md = chapter_markdown(ch, page_marks=True)
        defined = re.findall(r"^\[\^([^\]\s]+)\]:", md, re.M)
        assert note_references(ch) == [lb for lb in re.findall(r"\[\^([^\]\s]+)\](?!:)", md) if lb in defined]
        sources.append(ChapterSource(i, md, ch.source, "", note_references(ch), [n.label for n in ch.notes]))
    rendered = render_chapters(sources, [Report() for _ in sources])
    assert [[n.label for n in r.notes] for r in rendered] == [s.references + s.unreferenced for s in sources]
    assert sum(len(r.notes) for r in rendered) == {"seed": 54, "pepys": 520}[files]
