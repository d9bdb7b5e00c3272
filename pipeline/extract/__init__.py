"""Stage 0: a printed book's PDF becomes raw chapters in the shape the normaliser reads.

Each page gives its body (paragraphs, ``##``/``###`` headings, ``<sup>N</sup>`` markers, ``*italics*``;
the printed lines kept, an indented first line marked by two spaces), then, when it has notes, a ``---``
line and its notes (``76 Stalin, too, …``), as in the seed; a form feed divides the pages. Running
heads and folios are left out and counted. Chapters start at the PDF's top-level bookmarks (or at the
pages given, or at chapter-size headings); the pages before the first chapter and bookmarked front or
back matter (contents, index, …) are kept out and listed in ``extract-report.json``; the notes of a
Notes section at the end go back to their chapters (``_gathered_notes``).

The PDF is read once, page by page (pdfplumber, MIT licence), one run of pages per core: each page's
rows are written to a scratch file, so memory does not grow with the book; the book-wide evidence (the
body's text size, the margin rows that recur) is gathered from those files before the pages are read
into chapters.
"""

from __future__ import annotations

import json
import pickle
import re
import sys
import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..errors import PipelineError
from ..files import cores, listing, write_atomic
from ..recover.sentences import unfinished
from . import feet
from .content import read_content
from .lines import page_rows
from .page import LABEL, BookStats, PageText, Tagged, read_page

MATTER = re.compile(r"^\s*(contents|table of contents|index|half[- ]?title|title( page)?|copyright|imprint|"
                    r"colophon|also by|list of (illustrations|figures|tables)|notes|endnotes|bibliography|"
                    r"references|acknowledg(e)?ments?)\s*$", re.I)


def extract(pdf_path: Path, out_dir: Path, pages: tuple[int, int] | None = None,
            chapter_starts: list[int] | None = None, log=print, force: bool = False) -> dict:
    """Write one raw chapter file per chapter into ``out_dir``; the report (also written there as
    ``extract-report.json``). A folder that holds files already is refused (a book's chapters would be
    built with another's), unless ``force``: then its chapter files and report are replaced."""
    pdf_path = Path(pdf_path)
    _check_file(pdf_path)
    _clear_target(Path(out_dir), force)
    report: dict = {"source": pdf_path.name, "pages": 0, "chapters": [], "front_back_matter": [],
                    "furniture_removed": 0, "markers": 0, "notes": 0, "soft_hyphens": 0, "empty_notes": [], "two_column_pages": [], "blank_pages": []}
    with tempfile.TemporaryDirectory() as tmp:
        count = _page_count(pdf_path)
        first, last = pages or (1, count)
        if not (1 <= first <= last <= count):
            raise PipelineError(f"page range {first}-{last} is outside the PDF's 1-{count}", str(pdf_path))
        outline = _outline(pdf_path, log)
        scratch, removed, unmapped = _read_pages(pdf_path, first, last, Path(tmp))
        report["characters_removed"] = removed
        for page, count, codes in removed[:10]:
            log(f"note: page {page}: {count} character(s) that are no text removed ({', '.join(codes)}: "
                f"controls, bidirectional overrides or broken surrogates the font maps to)")
        report["glyphs_unmapped"] = unmapped
        for page, count, fonts in unmapped[:10]:
            log(f"warning: page {page}: {count} glyph(s) whose font gives no text for them ({', '.join(fonts)}: "
                f"no ToUnicode map), written as '(cid:N)': check those words against the print")
        report["pages"] = last - first + 1
        stats = BookStats.gather(lambda: ((h, rows) for _, h, _, rows, _ in _pages(scratch)))
        stats = replace(stats, feet=feet.gather(_pages(scratch), stats))
        report["body_size_pt"] = stats.body_size
        # Whether the PDF prints the typesetter's line-end hyphens (U+2010) apart from the text's own:
        # then they are written as soft hyphens (page.line_ends).
        report["typeset_breaks_marked"] = stats.breaks_marked
        report["hyphens_all_own"] = stats.own_hyphens       # the book breaks no word at a line's end
        starts, matter = _chapter_starts(outline, chapter_starts, scratch, stats, first)
        report["front_back_matter"] = matter
        gathered = _gathered_notes(scratch, stats, matter, [title for _, title in starts])
        elements, untagged_furniture, over_pages = _paragraph_elements(pdf_path, scratch)
        report["paragraphs_tagged"] = bool(elements)
        _write_chapters(scratch, stats, starts, matter, gathered, out_dir, report, elements,
                        untagged_furniture, over_pages)
    write_atomic(Path(out_dir) / "extract-report.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    log(f"extracted {len(report['chapters'])} chapter(s) from {report['pages']} page(s) of {pdf_path.name} "
        f"into {out_dir}: {report['furniture_removed']} running head/folio line(s) removed, "
        f"{report['markers']} marker(s), {report['notes']} note(s)")
    for gone in report.get("chapters_without_text", []):
        log(f"note: the chapter starting on page {gone['first_page']} ({gone['title'] or 'untitled'}) holds no text "
            f"but running heads and folios: no chapter file written")
    for number in report["two_column_pages"][:10]:
        log(f"note: page {number} is set in two columns: read left column, then right")
    if report["empty_notes"]:
        log(f"note: {len(report['empty_notes'])} note label(s) printed without text, left out (their markers "
            f"kept): {', '.join(report['empty_notes'][:10])}")
    if report["hyphens_all_own"]:
        log("note: the book breaks no word at a line's end (hyphenation off): every line-end hyphen is the "
            "text's own, kept")
    if report["typeset_breaks_marked"]:
        log(f"note: the PDF prints its line-end hyphens apart from the text's own: {report['soft_hyphens']} "
            f"written as soft hyphens")
    return report


def _clear_target(out_dir: Path, force: bool) -> None:
    if not out_dir.is_dir():
        return
    present = sorted(p.name for p in out_dir.iterdir())
    if not present:
        return
    if not force:
        raise PipelineError(f"the folder holds files already ({listing(present)}): extract into a new folder, or pass "
                            f"--force to replace its chapter files", str(out_dir))
    for old in [*out_dir.glob("*.txt"), out_dir / "extract-report.json"]:
        if old.is_file() and not old.name.startswith("."):     # (an editor's hidden files stay)
            old.unlink()


def _check_file(path: Path) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise PipelineError(f"cannot read: {exc.strerror}", str(path)) from None
    if b"%PDF-" not in head:
        raise PipelineError("not a PDF (no %PDF- header)", str(path))
    import pikepdf
    try:
        with pikepdf.open(path) as pdf:
            len(pdf.pages)
    except pikepdf.PasswordError:
        raise PipelineError("the PDF is encrypted: give a decrypted copy", str(path)) from None
    except pikepdf.PdfError as exc:
        raise PipelineError(f"cannot read the PDF (damaged: {str(exc)[:200]})", str(path)) from None


def _page_count(path: Path) -> int:
    import pikepdf
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _read_pages(path: Path, first: int, last: int, tmp: Path) -> tuple[list[Path], list]:
    """Each page's rows, in order, in scratch files: the pages are read side by side, one contiguous
    run of pages per core, each worker streaming its pages to its own file."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    workers = max(1, min(cores(), (last - first + 1) // 20 or 1))
    size = -(-(last - first + 1) // workers)
    runs = [(p, min(p + size - 1, last)) for p in range(first, last + 1, size)]
    files = [tmp / f"pages-{i:03d}.pickle" for i in range(len(runs))]
    # (always in worker processes, each within a memory budget: what a page built to exhaust memory
    # can take is the worker's, and its answer is a sentence naming the page)
    with ProcessPoolExecutor(max_workers=workers, initializer=_budget) as pool:
        futures = [pool.submit(_read_run, str(path), a, b, str(f)) for (a, b), f in zip(runs, files)]
        try:
            results = [f.result() for f in _progress(futures, "reading pages")]
        except BrokenProcessPool:
            # a reader died (out of memory inside a library that cannot answer): the page it was on
            raise PipelineError(_too_large(_pages_being_read(files)), str(path)) from None
    for problem, _, _ in results:
        if problem:
            raise PipelineError(problem, str(path))
    return files, [r for _, removed, _ in results for r in removed], [u for _, _, unmapped in results for u in unmapped]


MEMORY_MB = 768           # what one page reader may allocate (a page of a real book needs tens of MB;
                          # with the main process the whole stays under 1 GB)
PAGE_SECONDS = 60         # how long one page may take (a page of the Pepys print takes 0.03 s)


def _budget() -> None:
    """A page reader's limits: its address space (a decompression or CMap bomb ends in MemoryError
    there, not in the machine's memory)."""
    import os
    import resource
    # (a reader that runs out of memory may die: its own traceback would not be the one line the
    # user gets, so the readers write nothing to the terminal)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    limit = MEMORY_MB * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))


class _PageTooSlow(Exception):
    pass


def _too_large(numbers: list[int]) -> str:
    pages = "page " + " or ".join(str(n) for n in numbers) if numbers else "a page"
    return (f"{pages} needs more than {MEMORY_MB} MB to read (its content or fonts expand beyond any "
            f"book page: a PDF built to exhaust memory, or damaged)")


def _pages_being_read(files: list[Path]) -> list[int]:
    """The pages the readers were on when one died (each reader notes its page before reading it)."""
    found = []
    for f in files:
        note = f.with_name(f.name + ".page")
        text = note.read_text().strip() if note.exists() else ""
        if text.isdigit():
            found.append(int(text))
    return sorted(found)


def _read_run(path: str, first: int, last: int, out: str) -> tuple[str | None, list, list]:
    """Read pages ``first``..``last`` into ``out``; a problem as a sentence (None: none), the
    characters that are no text removed from each page (page, how many, which), and the glyphs no
    font maps to text (page, how many, which fonts). Each page within its time (``PAGE_SECONDS``) and
    the reader's memory (``MEMORY_MB``)."""
    import signal

    import pdfplumber

    def too_slow(signum, frame):
        raise _PageTooSlow()

    number = first
    removed: list[tuple[int, int, list[str]]] = []
    unmapped: list[tuple[int, int, list[str]]] = []
    previous = signal.signal(signal.SIGALRM, too_slow)
    try:
        with pdfplumber.open(path) as pdf, open(out, "wb") as scratch:
            for number in range(first, last + 1):
                Path(out + ".page").write_text(str(number))      # (the page a reader that dies was on)
                signal.setitimer(signal.ITIMER_REAL, PAGE_SECONDS)
                page = pdf.pages[number - 1]
                content = read_content(pdf, number - 1)
                chars, gone = _text_only(content.chars)
                if gone:
                    removed.append((number, sum(gone.values()), [f"U+{ord(c):04X}" for c in sorted(gone)]))
                blind = [c for c in chars if UNMAPPED.fullmatch(c["text"])]
                if blind:
                    unmapped.append((number, len(blind), sorted({c["fontname"] for c in blind})))
                rows = page_rows(chars, float(page.width))
                if not rows and page.images:
                    return (f"page {number} is an image with no text layer (a scan?): run OCR first, "
                            f"then extract"), removed, unmapped
                # horizontal rules, short (most engines' note separator) or across the text block
                # (WeasyPrint's @footnote border): a rule counts only where it parts the body from
                # smaller rows at the page's foot (page.split_notes)
                rules = [float(e["top"]) for e in content.rules
                         if 10 < float(e["x1"]) - float(e["x0"]) <= float(page.width)]
                pickle.dump((number, float(page.height), float(page.width), rows, rules), scratch)
                page.close()
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _PageTooSlow:
        problem = (f"page {number} takes longer than {PAGE_SECONDS} s to read (a page built to exhaust the reader, "
                   f"or damaged): extract the pages around it with --pages, or repair the PDF")
    except MemoryError:
        problem = _too_large([number])
    except Exception as exc:    # pdfminer's many parse errors: a damaged file
        problem = (_too_large([number]) if "bad_alloc" in str(exc) else
                   f"cannot read the PDF at page {number} ({type(exc).__name__}: {str(exc)[:200]})")
    else:
        problem = None
        Path(out + ".page").write_text("")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    import gc
    gc.collect()                 # (what the page filled is freed before the answer goes back)
    return problem, removed, unmapped


# What a font's ToUnicode map may give that is no text: C0 and C1 controls (a tab aside), surrogates
# on their own, bidirectional embeddings, overrides and isolates (which would reorder the words
# around them in every reader), the BOM and noncharacters.
NOT_TEXT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
                      "\ufeff\ufdd0-\ufdef\ufffe\uffff]")


UNMAPPED = re.compile(r"\(cid:\d+\)")     # pdfminer's text for a glyph its font maps to nothing


def _text_only(chars: list[dict]) -> tuple[list[dict], dict[str, int]]:
    """The page's characters with what is no text taken out (a character that was only that is
    dropped), and what was taken out (character -> count)."""
    from collections import Counter
    gone: Counter = Counter()
    out = []
    for c in chars:
        text = c["text"]
        if NOT_TEXT.search(text):
            gone.update(NOT_TEXT.findall(text))
            text = NOT_TEXT.sub("", text)
            if not text:
                continue
            c = dict(c, text=text)
        out.append(c)
    return out, dict(gone)


def _pages(files: list[Path]):
    for path in files:
        with open(path, "rb") as f:
            while True:
                try:
                    yield pickle.load(f)
                except EOFError:
                    break


def _outline(path: Path, log=print) -> list[tuple[int, str]]:
    """The top-level bookmarks: (1-based page, title). Bookmarks that run in a cycle are read once
    round; bookmarks that cannot be read are said in one line, and the chapters found from the pages'
    headings instead."""
    import logging

    from pypdf import PdfReader

    said: list[str] = []

    class Said(logging.Handler):            # (pypdf logs a cycle with a dump of its objects)
        def emit(self, record):
            said.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler, propagate = Said(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        reader = PdfReader(str(path))
        found = [(reader.get_destination_page_number(o) + 1, str(o.title).strip())
                 for o in reader.outline if not isinstance(o, list)]
    except Exception as exc:       # no outline, or one pypdf cannot read: fall back on heading evidence
        said.append(type(exc).__name__)
        found = []
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    found = list(dict.fromkeys(found))
    if any("cycle" in s.lower() for s in said):
        log(f"note: the PDF's bookmarks run in a cycle: read once round ({len(found)} bookmark(s))")
    elif said and not found:
        log("note: the PDF's bookmarks cannot be read: chapters are found from the pages' headings instead")
    return found


def _chapter_starts(outline, given, scratch, stats, first_page) -> tuple[list[tuple[int, str]], list[dict]]:
    """Where chapters start (page, title) and the pages that are front or back matter."""
    matter: list[dict] = []
    if given:
        starts = [(p, "") for p in sorted(given)]
    elif outline:
        starts = []
        entries = sorted(outline)
        for i, (page, title) in enumerate(entries):
            end = entries[i + 1][0] - 1 if i + 1 < len(entries) else None
            if MATTER.match(title):
                matter.append({"title": title, "pages": [page, end]})
            else:
                starts.append((page, title))
    else:
        found = []
        for number, height, width, rows, rules in _pages(scratch):
            text = read_page(number, height, width, rows, rules, stats)
            # (a Notes heading opening a page is the chapter's notes section, at its end: no chapter)
            if text.first_heading and text.first_heading[0] == 1 and not NOTES_SECTION.match(text.first_heading[1]):
                found.append((number, text.first_heading[1], max(r.size for r in rows)))
        # Chapters open with the book's largest headings; a smaller one opening a page is a section's.
        largest = max((size for _, _, size in found), default=0)
        starts = [(number, title) for number, title, size in found if size > largest - 0.5]
    starts = [(p, t) for p, t in starts if p >= first_page] or [(first_page, "")]
    if starts[0][0] > first_page:
        matter.insert(0, {"title": "front matter", "pages": [first_page, starts[0][0] - 1]})
    return starts, matter


def _excluded(number: int, matter: list[dict]) -> bool:
    return any(m["pages"][0] <= number and (m["pages"][1] is None or number <= m["pages"][1]) for m in matter)


NOTES_SECTION = re.compile(r"^\s*(notes|endnotes)\s*$", re.I)
BACK_REFERENCE = re.compile(r"\s*[(\[]p(?:age|\.)\s*\d+[)\]]$")


def _gathered_notes(scratch, stats, matter: list[dict], titles: list[str]) -> dict[str, list[str]]:
    """Notes gathered at the end of the book, grouped under their chapters' titles: each chapter's
    notes (by the chapter's title key), which go back to it as a ``## Notes`` section (a layout the
    normaliser reads). A group starts at a row that reads as a chapter's title; a note's closing page
    reference back to the text (``(p. 17)``) is the typesetter's link, not the note's text."""
    from .lines import Row
    from .page import join_rows, line_ends, notes_of, strip_furniture

    sections = [m for m in matter if NOTES_SECTION.match(m["title"])]
    keys = {_title_key(t) for t in titles if t}
    if not sections or not keys:
        return {}
    groups: dict[str, list[list[Row]]] = {}     # chapter's title key -> its rows, page by page
    current = None
    for number, height, width, rows, rules in _pages(scratch):
        if not _excluded(number, sections):
            continue
        rows, _ = strip_furniture(rows, height, stats)
        for row in rows:
            key = _title_key(row.plain)
            if NOTES_SECTION.match(row.plain):
                continue                          # the section's own title
            if key in keys:
                current = key
                groups.setdefault(current, []).append([])
            elif current and row.size < 1.4 * stats.body_size:
                if not groups[current] or groups[current][-1] and groups[current][-1][-1].top > row.top:
                    groups[current].append([])       # a new page (rows start again from the top)
                groups[current][-1].append(row)
    gathered: dict[str, list[str]] = {}
    last = None
    for title in titles:
        notes: list[str] = []
        for rows_of_page in groups.get(_title_key(title), []):
            found, last, continued = notes_of(rows_of_page, last, stats.sup_labels)
            if continued and notes:
                notes[-1] = join_rows(notes[-1], found.pop(0))
            notes += found
        if notes:
            gathered[_title_key(title)] = [line_ends(BACK_REFERENCE.sub("", n), stats) for n in notes]
    return gathered


def _title_key(text: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


def _paragraph_elements(path: Path, scratch) -> tuple[dict[int, dict[int, int]], bool, bool]:
    """A tagged PDF's block element of each MCID, page by page (1-based), where its tree holds the
    book's paragraphs (``structure.trusted``, measured on the rows read), else empty; whether what
    the tree leaves out is the pages' furniture (``structure.furniture_untagged``), and whether it
    keeps a paragraph over a page break in one element (``structure.keeps_paragraphs_over_pages``)."""
    import pikepdf

    from . import structure
    from .page import element_of
    with pikepdf.open(path) as pdf:
        tree = structure.block_elements(pdf)
    if not tree:
        return {}, False, False
    by_page = {index + 1: elements for index, elements in tree.items()}
    rows_elements, edges = [], []
    for number, _, _, rows, _ in _pages(scratch):
        elements = by_page.get(number, {})
        rows_elements.append([{elements.get(m) for m in row.mcids} - {None} for row in rows])
        tagged = [(row.plain, element) for row in rows if (element := element_of(row, elements)) is not None]
        edges.append(({e for _, e in tagged}, tagged[0] if tagged else None))   # (its elements, its first row)
    if not structure.trusted(rows_elements):
        return {}, False, False
    breaks = [(before[0], after[1]) for before, after in zip(edges, edges[1:]) if before[0] and after[1]]
    return by_page, structure.furniture_untagged(rows_elements), structure.keeps_paragraphs_over_pages(breaks)


def _write_chapters(scratch, stats, starts, matter, gathered: dict[str, list[str]], out_dir: Path,
                    report: dict, elements: dict[int, dict[int, int]] | None = None,
                    untagged_furniture: bool = False, over_pages: bool = False) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start_pages = [p for p, _ in starts]
    last_label = None
    pending = None                  # a note label alone at a page's foot (_bare_labels)
    room = None                     # left free on the last row of the page before (page._blocks)
    last_element = None             # the block element the page before ended in (a tagged PDF's)
    note_open = False               # the last note read broke off mid-sentence
    current: list[str] = []
    last_body = last_note = None    # where in ``current`` the last page's last paragraph and note are
    index = -1
    name = ""

    def flush():
        if index >= 0 and current:
            notes = gathered.get(_title_key(starts[index][1]), [])
            if notes:                   # the chapter's notes from a Notes section at the end
                current.extend(["\f", "## Notes", *notes])
                report["chapters"][-1]["notes_section"] = len(notes)
                report["notes"] += len(notes)
            write_atomic(out_dir / name, "\n\n".join(current).strip() + "\n")
        elif index >= 0 and report["chapters"] and report["chapters"][-1]["file"] == name:
            # pages that hold nothing but furniture: no chapter file, and none listed
            gone = report["chapters"].pop()
            report.setdefault("chapters_without_text", []).append(
                {"title": gone["title"], "first_page": gone["first_page"]})

    for number, height, width, rows, rules in _pages(scratch):
        if _excluded(number, matter):
            continue
        if index + 1 < len(start_pages) and number >= start_pages[index + 1]:
            if pending:
                report["empty_notes"].append(pending)
                pending = None
            flush()
            index += 1
            while index + 1 < len(start_pages) and number >= start_pages[index + 1]:
                index += 1
            current = []
            last_body = last_note = None
            room = None
            title = starts[index][1]
            name = f"{index + 1:02d}-{_slug(title) or 'chapter'}.txt"
            report["chapters"].append({"file": name, "title": title, "first_page": number})
        if index < 0:
            continue
        page_elements = (elements or {}).get(number)
        tagged = Tagged(page_elements, last_element if over_pages else None, untagged_furniture) \
            if page_elements else None
        page: PageText = read_page(number, height, width, rows, rules, stats, last_label, room, note_open,
                                   tagged)
        last_label = page.last_label
        note_open = bool(page.notes) and unfinished(page.notes[-1])
        pending = _bare_labels(page, pending, report)
        report["furniture_removed"] += len(page.furniture)
        report["markers"] += sum(block.count("<sup>") for block in page.blocks)
        report["soft_hyphens"] += sum(text.count("\u00ad") for text in page.blocks + page.notes)
        report["notes"] += len(page.notes) - page.continued
        if page.two_columns:
            report["two_column_pages"].append(number)
        if not page.blocks and not page.notes:
            report["blank_pages"].append(number)
            continue
        if page.blocks:
            room = page.room
            last_element = page.last_element
        report["chapters"][-1]["last_page"] = number
        if stats.hyphens_told and last_body is not None and page.blocks:
            page.blocks[:1] = _own_hyphen_across(current, last_body, page.blocks[0])
        if stats.hyphens_told and last_note is not None and page.notes and page.continued:
            kept = _own_hyphen_across(current, last_note, page.notes[0])
            page.notes[:1] = kept
            page.continued = bool(kept)       # (the continuation was that one word)
        if current:
            current.append("\f")        # the page break: the normaliser's evidence (page list, joins)
        current.extend(page.blocks)
        if page.blocks:
            last_body = len(current) - 1
        if page.notes:
            current.append("---")
            current.extend(page.notes)
            last_note = len(current) - 1
    if pending:
        report["empty_notes"].append(pending)
    flush()


OWN_HYPHEN_END = re.compile(r"(?<=[^\W\d_])-\**$")
FIRST_WORD = re.compile(r"([^\s-]+)[ \t]*\n?")


def _own_hyphen_across(current: list[str], last: int, first: str) -> list[str]:
    """In a book that prints the typesetter's breaks apart (``BookStats.breaks_marked``) or breaks no
    word (``BookStats.own_hyphens``), a page that
    ends in a hyphen of the text's own ('the Rhenish wine-') broke a compound at its hyphen: the next
    page's first word goes up to it, as ``page.line_ends`` does within a page, so that the normaliser
    reads 'wine-house' whole (a note going on over the page likewise). The next page's first block,
    what is left of it (none when that was the word alone)."""
    m = FIRST_WORD.match(first)
    if not OWN_HYPHEN_END.search(current[last]) or first.startswith((" ", "#")) or not m:
        return [first]
    current[last] += m.group(1)
    rest = first[m.end():]
    return [rest] if rest.strip() else []


def _bare_labels(page: PageText, pending: str | None, report: dict) -> str | None:
    """Notes printed as a label alone. One at the foot of the page before (``pending``) goes with the
    text this page's note block opens with, when that goes on without a label of its own (the note
    broke over the page right after its label); others print no text: they are left out and listed
    (``empty_notes``), their markers stay (the normaliser reports them without a note). Returns this
    page's own label alone at its foot, if any."""
    if pending and page.continued and page.notes:
        page.notes[0] = f"{pending} {page.notes[0]}"
        page.continued = False
    elif pending:
        report["empty_notes"].append(pending)
    bare = [i for i, note in enumerate(page.notes) if LABEL.match(note) and not (i == 0 and page.continued)]
    last = bare.pop() if bare and bare[-1] == len(page.notes) - 1 else None
    report["empty_notes"].extend(page.notes[i] for i in bare)
    foot = page.notes[last] if last is not None else None
    page.notes = [n for i, n in enumerate(page.notes) if i not in bare and i != last]
    return foot


def _slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40]


def _progress(items, description: str):
    from rich.console import Console
    from rich.progress import track
    return track(items, description=description, disable=not sys.stderr.isatty(),
                 console=Console(stderr=True), transient=True)

