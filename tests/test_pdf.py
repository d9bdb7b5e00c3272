"""The print PDF: geometry, fonts, tags, structure, notes linked both ways, text intact."""

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import store
from helpers import (MARGIN, build, built, built_book, comparable, in_margin, page_texts, pdfplumber_pages,
                     seed_book_yaml)


@pytest.fixture(scope="module")
def seed_pdf():
    return next(built("pdf", "seed").glob("*.pdf"))


@pytest.fixture(scope="module")
def reader(seed_pdf):
    return PdfReader(seed_pdf)


@pytest.fixture(scope="module")
def texts(seed_pdf):
    return page_texts(seed_pdf, "seed")


def squash(text: str) -> str:
    """Compare text regardless of line breaks, the hyphens of justified lines and quote shapes."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text).translate(str.maketrans("’‘“”", "''\"\""))


def test_trim_size_and_boxes(reader):
    for page in reader.pages:
        assert [round(float(x)) for x in page.mediabox] == [0, 0, 432, 648]      # 6 × 9 in
        assert page.get("/TrimBox") is not None


def test_fonts_embedded(reader):
    fonts = {}
    for page in reader.pages:
        res = page.get("/Resources") or {}
        for name, ref in (res.get("/Font") or {}).items():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts and all("Charis" in str(name) for name in fonts)
    for font in fonts.values():
        desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
            else font["/FontDescriptor"]
        assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_stream_but_the_xmp_metadata_is_compressed(seed_pdf):
    # WeasyPrint writes the streams uncompressed; finishing the file compresses them, once.
    import pikepdf
    with pikepdf.open(seed_pdf) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        plain = [str(o.get("/Type")) for o in streams if "/Filter" not in o]
    assert len(streams) > 50 and plain == ["/Metadata"]


def test_the_quality_desk_reads_the_characters_pdfplumber_reads(seed_pdf):
    # pipeline.pdf.check reads characters with pdfminer directly (twice as fast): the same ones.
    import pdfplumber
    from pipeline.pdf.check import page_chars
    theirs = pdfplumber_pages(seed_pdf, "seed-pdf", step=3)["chars"]
    with pdfplumber.open(seed_pdf) as pdf:
        ours = [page_chars(pdf, index) for index in range(0, len(pdf.pages), 3)]
    assert [comparable(c) for c in ours] == [comparable(c) for c in theirs] and sum(map(len, ours)) > 10_000


def test_tagged_with_language_and_title(reader):
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "The Stalin’s “Second” Revolution"


def test_contents_page_with_page_numbers_and_no_spoken_leaders(texts, margins):
    (toc,) = [t for t in texts if t.lstrip().startswith("Contents")]
    entries = dict(re.findall(r"^(.+?) (\d+)$", toc, re.M))
    assert "." * 3 not in toc and ". ." not in toc          # the leaders are drawn, not text
    assert list(entries) == ["4. The Stalin’s “second” Revolution",
                             "The 1928 Crisis and Stalin’s Conflict with the Party “Rightists”",
                             "Stalin, his First Five-Year Plan and Related Issues",
                             "Collectivisation of Agriculture and Its Consequences",
                             "The 1932–1933 Famine and Changes in Stalin’s Politics", "Notes"]
    # each number is the folio of the page where that heading stands
    for title, number in entries.items():
        pages = [foot for text, (_, foot) in zip(texts, margins) if title in text and not text.lstrip().startswith("Contents")]
        assert number in pages, (title, number, pages)


@pytest.fixture(scope="module")
def page_margins(seed_pdf):
    """Per page, as pdfplumber reads it (by position, not by stream order), in one pass kept in the test
    store by the PDF's bytes and this file: the words set in the top and the bottom margin, the tag and
    marked-content id of every character in a margin, and how many other characters have no id."""
    import pdfplumber

    def read():
        found = []
        with pdfplumber.open(seed_pdf) as pdf:
            for page in pdf.pages:
                words = page.extract_words()
                marks = [c for c in page.chars if in_margin(c, page.height)]
                body = [c for c in page.chars if c not in marks and c["text"].strip()]
                found.append({"head": " ".join(w["text"] for w in words if w["bottom"] < MARGIN),
                              "foot": " ".join(w["text"] for w in words if w["top"] > page.height - MARGIN),
                              "marks": sorted({f"{c.get('tag')} {c.get('mcid')}" for c in marks}),
                              "body_untagged": sum(1 for c in body if c.get("mcid") is None)})
        return found

    return store.value("margins-seed", store.key("margins", seed_pdf, Path(__file__)), read)


@pytest.fixture(scope="module")
def margins(page_margins):
    """Per page: the words set in the top margin and in the bottom margin."""
    return [(page["head"], page["foot"]) for page in page_margins]


def test_running_heads_book_title_verso_chapter_recto(margins):
    book, chapter = "The Stalin’s “Second” Revolution", "4. The Stalin’s “second” Revolution"
    opening = next(i for i, (_, foot) in enumerate(margins) if foot == "1")
    notes = next(i for i, (head, _) in enumerate(margins) if head == "Notes")
    body = margins[opening + 1:notes]
    for folio in range(2, 21):          # printed pages 2-20: verso (even) the book, recto (odd) the chapter
        head, foot = next(m for m in body if m[1] == str(folio))
        assert head == (book if folio % 2 == 0 else chapter), folio
    assert margins[opening][0] == ""                     # the chapter opening carries no head
    assert all(head in ("", book, chapter) for head, _ in body)
    assert {head for head, _ in margins[notes + 1:] if head} == {book, "Notes"}
    assert all(foot.isdigit() for _, foot in margins[opening:] if foot)


def test_bookmarks(reader):
    outline = reader.outline
    titles = [o["/Title"] for o in outline if not isinstance(o, list)]
    assert "4. The Stalin’s “second” Revolution" in titles and "Notes" in titles
    sections = next(o for o in outline if isinstance(o, list))
    assert [s["/Title"] for s in sections][:4] == [
        "The 1928 Crisis and Stalin’s Conflict with the Party “Rightists”",
        "Stalin, his First Five-Year Plan and Related Issues",
        "Collectivisation of Agriculture and Its Consequences",
        "The 1932–1933 Famine and Changes in Stalin’s Politics"]


def test_notes_numbered_and_linked_both_ways(seed_pdf, reader, texts):
    import pdfplumber
    from pipeline.pdf.check import page_lines
    start = next(i for i, t in enumerate(texts) if re.match(r"\s*Notes\s*\n\s*4\. The Stalin", t))
    notes_text = "\n".join(texts[start:])
    # a note starts with its label, set in the column left of the note's text
    labels = []
    with pdfplumber.open(seed_pdf) as pdf:
        for i in range(start, len(reader.pages)):
            lines = page_lines(pdf, i, 7.5, 9)
            text_left = min(line.x0 for line in lines if not line.labelled)
            labels += [line.words[0] for line in lines if line.labelled and line.x0 < text_left]
    assert labels == [f"{n}." for n in range(76, 130)]
    # each note says on which page its reference stands, never alone on a line
    assert len(re.findall(r"\(p\.\s\d+\)", notes_text)) == 54
    assert not re.findall(r"^\s*\(p\.\s\d+\)\s*$", notes_text, re.M)
    # and no line opens with a marker cut from its word (a marker is joined to it, U+2060)
    assert not re.findall(r"^\s*\u2060", "\n".join(texts[:start]), re.M)
    links_to_notes = links_from_text = 0
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link" and "/Dest" in a or "/A" in a and a["/A"].get("/S") == "/GoTo":
                if i < start:
                    links_to_notes += 1
                else:
                    links_from_text += 1
    # one link a reference (54), and the contents' 6 entries (chapter, 4 sections, notes) linked by
    # their title, leader and page number; one backlink a note
    assert links_to_notes == 54 + 6 * 3
    assert links_from_text == 54


def test_joined_paragraphs_and_continued_notes_intact(texts):
    body = squash("".join(texts))
    for phrase in [
        "the USSR's deteriorating international standing and the internal political crisis. Extraordinary measures",
        "appointed by Stalin to head the Russian Federation, and Vissarion V. Lominadze, known as Beso",
        "The data Maslov adopted from the Soviet press of the time does not necessarily conform to statistical data",
        "says Stalin demanded death for Ryutin at the Politburo. See the draft resolution of the Central Committee",
        "Oчерki",
    ]:
        assert squash(phrase) in body, phrase


def test_reproducible(seed_pdf, tmp_path):
    again = next(build("pdf", tmp_path).glob("*.pdf"))
    assert again.read_bytes() == seed_pdf.read_bytes()


def test_bleed_and_crop_marks():
    pdf = next(built("pdf", "seed-bleed", None, seed_book_yaml(bleed="0.125in", crop_marks=True)).glob("*.pdf"))
    page = PdfReader(pdf).pages[0]
    media = [float(x) for x in page.mediabox]
    trim = [float(x) for x in page["/TrimBox"]]
    assert round(trim[2] - trim[0]) == 432 and round(trim[3] - trim[1]) == 648
    assert media[2] - media[0] > 432 + 2 * 9 - 1


def test_footnote_mode():
    pdf = next(built("pdf", "seed-footnotes", None, seed_book_yaml(notes="footnotes")).glob("*.pdf"))
    text = "".join(page_texts(pdf, "seed-footnotes"))
    assert "Notes\n4." not in text
    assert squash("Stalin, too, admitted (Sochineniya 11, p. 10)") in squash(text)


def test_fetcher_refuses_files_outside_the_project_and_the_network(tmp_path):
    from pipeline.pdf import restricted_fetcher
    allowed = tmp_path / "ok"
    allowed.mkdir()
    (allowed / "a.css").write_text("p{}")
    fetch = restricted_fetcher([allowed])
    assert fetch.fetch((allowed / "a.css").as_uri()) is not None
    for url in ["file:///etc/passwd", (allowed / ".." / "x.css").resolve().as_uri(), "http://example.com/x.css"]:
        with pytest.raises(ValueError, match="refused"):
            fetch.fetch(url)


def test_front_matter_roman_main_matter_from_one(texts):
    (toc,) = [t for t in texts if t.lstrip().startswith("Contents")]
    assert re.search(r"Revolution[ .]*\b1\n", toc)               # the chapter starts on page 1
    assert toc.strip().splitlines()[-1].strip() == "v"            # the contents page is v
    opening = next(t for t in texts if t.strip().startswith("4. The Stalin’s"))
    assert opening.strip().splitlines()[-1].strip() == "1"


def test_line_break_fixes_keep_the_text_and_touch_no_tag():
    from pipeline.pdf.html import line_breaks
    out = line_breaks('see “Boscobel” (Bohn’s “Library”). His <em>Diary</em> <a title="x” (y)">z</a>')
    assert out == 'see “Boscobel” <wbr>(Bohn’s “Library”). His<em> Diary</em> <a title="x” (y)">z</a>'
    assert re.sub(r"<[^>]+>", "", out).replace(" ", "") == re.sub(r"<[^>]+>", "", 'see “Boscobel” (Bohn’s '
                                                                   '“Library”). His Diary z').replace(" ", "")


# --- Tags (PDF/UA-1): artifacts, notes, contents, link descriptions, page labels ---------------------

@pytest.fixture(scope="module")
def tagged(seed_pdf):
    import pikepdf
    with pikepdf.open(seed_pdf) as pdf:
        from pipeline.pdf.tags import _walk, verify
        elements = [(str(e.S), str(e.get("/ID", "")), e) for e in _walk(pdf.Root.StructTreeRoot)]
        annots = [str(a.get("/Contents", "")) for page in pdf.pages for a in page.obj.get("/Annots", [])
                  if a.get("/Subtype") == "/Link"]
        meta = pdf.open_metadata()
        yield {"problems": verify(pdf), "tags": [t for t, _, _ in elements],
               "note_ids": [i for t, i, _ in elements if t == "/Note"], "annots": annots,
               "claim": meta.get("pdfuaid:part"), "id_tree": "/IDTree" in pdf.Root.StructTreeRoot}


def test_tags_pass_the_pdf_ua_checks_and_the_file_claims_pdf_ua_1(tagged):
    assert tagged["problems"] == []
    assert tagged["claim"] == "1"


def test_running_heads_and_folios_are_pagination_artifacts(page_margins, margins):
    """Every character in a margin is an artifact outside the tagged content, every other one has its
    marked-content id."""
    for number, page in enumerate(page_margins, start=1):
        assert page["marks"] in ([], ["Artifact None"]) and page["body_untagged"] == 0, number
    assert sum(1 for head, foot in margins if head or foot) > 25      # there were heads and folios to check


def test_notes_are_note_elements_with_their_ids(tagged):
    assert tagged["note_ids"] == [f"note-{n}" for n in range(76, 130)]     # one element per note
    assert tagged["id_tree"]
    assert "/L" not in tagged["tags"][tagged["tags"].index("/Note") - 3:]   # not a list any more


def test_contents_is_a_toc_of_entries_each_a_reference_to_a_link(tagged):
    tags = tagged["tags"]
    assert tags.count("/TOC") == 2 and tags.count("/TOCI") == 6      # chapter (with its 4 sections), Notes
    first = tags.index("/TOCI")
    assert tags[first:first + 3] == ["/TOCI", "/Reference", "/Link"]


def test_links_describe_themselves(tagged):
    annots = tagged["annots"]
    assert "Note 76" in annots and "Back to reference 76" in annots
    assert "4. The Stalin’s “second” Revolution" in annots and "Notes" in annots
    assert not [a for a in annots if re.fullmatch(r"(note|noteref|section)-[\w-]+", a)]
    assert not [a for a in annots if a.isdigit()]      # a contents entry's page number is part of its link
    assert all(annots)


def test_page_labels_roman_front_matter_then_arabic_from_the_first_chapter(reader, texts):
    labels = reader.page_labels
    opening = next(i for i, t in enumerate(texts) if t.strip().startswith("4. The Stalin’s"))
    assert labels[:opening] == ["i", "ii", "iii", "iv", "v", "vi"][:opening]
    assert labels[opening:opening + 3] == ["1", "2", "3"]


def test_verify_finds_what_breaks_the_tags_and_the_claim_goes(seed_pdf, tmp_path):
    import shutil

    import pikepdf
    from pipeline.pdf.tags import _walk, finish, verify
    broken = tmp_path / "broken.pdf"
    shutil.copy(seed_pdf, broken)
    with pikepdf.open(broken, allow_overwriting_input=True) as pdf:
        page = pdf.pages[9]
        link = next(a for a in page.obj.Annots if a.get("/Subtype") == "/Link")
        del link["/Contents"]
        page.obj.Contents = pdf.make_stream(page.obj.Contents.read_bytes() + b"\nBT /F1 9 Tf (x) Tj ET\n")
        notes = [e for e in _walk(pdf.Root.StructTreeRoot) if str(e.S) == "/Note"]
        notes[1].ID = notes[0].ID
        problems = verify(pdf)
        pdf.save(broken)
    assert any("a link without a description" in p for p in problems)
    assert any("page 10: 1 marks neither tagged nor an artifact" in p for p in problems)
    assert any("two Notes share one" in p for p in problems)
    # a file that fails the checks does not claim PDF/UA-1
    assert finish(broken, 6)
    with pikepdf.open(broken) as pdf:
        assert "pdfuaid:part" not in pdf.open_metadata()


def test_seed_notes_have_no_loose_lines_stranded_words_or_crowded_labels(seed_pdf):
    """The seed's bibliographic notes hold dates and names that cannot break (25.12.1928; 1929/1930):
    the notes whose lines would be loose are set a step tighter, and then none is."""
    from pipeline.pdf.check import measure_pdf
    m = measure_pdf(seed_pdf)
    assert m["notes"]["justified"] > 100
    assert (m["notes"]["loose"], m["notes"]["stranded"], m["notes"]["crowded_labels"]) == (0, 0, 0), m["examples"]
    html = (seed_pdf.parent.parent / "build" / "print.html").read_text(encoding="utf-8")
    tightened = re.findall(r'class="tight-(\d)" data-pdf-tag="Note" data-pdf-id="(note-\d+)"', html)
    # only the few that needed it (7 of 54 since a note's '(p. N)' goes with its last word: one break
    # fewer to choose from at a note's end)
    assert 0 < len(tightened) <= 7


def test_a_piece_nested_in_its_own_element_is_unwrapped_where_it_stands():
    """WeasyPrint may nest two structure elements made from one HTML element; the inner one's content
    stays where it is in reading order, and a piece on a later page goes to the end."""
    import pikepdf
    from pipeline.pdf.tags import KEY, _join_fragments, _kids

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    page1, page2 = pdf.pages[0].obj, pdf.pages[1].obj

    def element(kind, key, page, kids):
        e = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(kind), Pg=page,
                                                 K=pikepdf.Array(kids)))
        e[KEY] = pikepdf.String(key)
        return e
    inner = element("/Span", "a", page1, [1, 2])
    outer = element("/Span", "a", page1, [0, inner, 3])
    later = element("/Span", "a", page2, [0])
    para = element("/P", "p", page1, [outer])
    para2 = element("/P", "q", page2, [later])
    doc = element("/Document", "d", page1, [para, para2])
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=doc))
    outer.P, inner.P, later.P, para.P, para2.P = para, outer, para2, doc, doc
    _join_fragments(root)

    def mcids(e):
        return [(int(k) if isinstance(k, int) else (int(k.MCID), k.Pg.objgen == page2.objgen)) for k in _kids(e)]
    assert mcids(outer) == [(0, False), (1, False), (2, False), (3, False), (0, True)]
    assert _kids(para2) == []


def test_short_title_in_the_running_heads(tmp_path):
    """A chapter whose heading gives {short="…"}: its recto heads show the short title (Charis SIL)."""
    text = ("## 4. The Stalin’s “Second” Revolution and the Crisis of the Soviet Economy "
            "{short=\"The Second Revolution\"}\n\n" + "\n\n".join(
                [f"Paragraph {n}: the body of the chapter runs on over several pages of the print, so that "
                 f"its running heads can be read on the pages after the chapter's opening page." for n in range(60)]))
    pdf = next(built_book("pdf", "short-title", tmp_path, {"01-ch.txt": text}, "Short Titles").glob("*.pdf"))
    pages = [[ln.strip() for ln in t.splitlines()] for t in page_texts(pdf, "short-title") if "Paragraph" in t]
    rectos = [p for p in pages if "The Second Revolution" in p]
    versos = [p for p in pages if "Short Titles" in p]
    # the opening page has no head; the 5 after it alternate, recto heads the chapter's short title
    assert len(pages) == 6 and len(rectos) == 2 and len(versos) == 3, pages
    assert sum("the Crisis of the Soviet Economy" in p for p in pages) == 1      # the opening page's title


def test_facing_pages_end_on_the_same_line(seed_pdf):
    """Every spread of the seed's print ends on one line but the chapter's last (Charis SIL, 10.5 pt):
    a page a line or two short is spaced out as TeX's flushbottom does (before: 5 of 15 spreads
    uneven). Depth: the bottom of a page's lowest line of body text."""
    import pdfplumber
    with pdfplumber.open(seed_pdf) as doc:
        depths = []
        for page in doc.pages:
            body = [c for c in page.chars if MARGIN < c["top"] < page.height - MARGIN and 10 < c["size"] < 11]
            depths.append(round(max(c["bottom"] for c in body), 1) if body else None)
    main = next(i for i, t in enumerate(depths) if t)                  # (the front matter has no body text)
    last = max(i for i, d in enumerate(depths) if d)                   # the chapter's last page of text
    spreads = [(i, i + 1) for i in range(main + 1, last, 2) if last not in (i, i + 1) and depths[i] and depths[i + 1]]
    assert len(spreads) == 11
    assert [(depths[a], depths[b]) for a, b in spreads if abs(depths[a] - depths[b]) > 1] == []


def test_no_three_hyphenated_lines_in_a_row(seed_pdf):
    """At most two lines in a row end in a word broken by a hyphen (the trade's rule; WeasyPrint's own
    breaking set three in a row on pp. 6, 9, 11, 18 and 20 of the seed, pipeline/pdf/footnotes.py)."""
    import pdfplumber

    from pipeline.pdf.check import BODY_SIZE, page_lines
    runs = []
    with pdfplumber.open(seed_pdf) as pdf:
        for index in range(len(pdf.pages)):
            run = 0
            for line in page_lines(pdf, index, *BODY_SIZE):
                run = run + 1 if line.words and line.words[-1].endswith(("\u2010", "-")) else 0
                runs.append(run)
    assert max(runs) == 2 and runs.count(1) >= 20        # (words are broken, two lines in a row at most)
