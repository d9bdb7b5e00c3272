"""Step 7 of recovery: what recovery could not resolve, and what looks wrong in the text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..layout.syntax import AHEAD, ROMAN, SYMBOL, normal
from ..model import PAGE_BREAK, Chapter, Kind, Paragraph, Report


def unresolved(chapter: Chapter, report: Report) -> None:
    for m in chapter.markers:
        if m.note is None:
            report.add(Kind.MARKER_WITHOUT_NOTE, m.file, m.line, before=m.printed,
                       evidence=f"marker {m.printed} has no note")
    for n in chapter.notes:
        if not n.referenced:
            report.add(Kind.NOTE_WITHOUT_MARKER, n.file, n.line, before=n.text,
                       evidence=f"note {n.printed} has no marker in the text")


LONG_CHAPTER = 2000       # words: a chapter this long is expected to hold several paragraphs
LONG_PARAGRAPH = 1500     # words: a paragraph longer than this (and than half its chapter) is suspect
GLUED_NUMBER = re.compile(r"(?<=[^\W\d_]|[.,;:!?’”)…])(\d{1,3})(?=[\s.,;:—–]|$)|\[(\d{1,3})\]")
SEQUENCE = 5              # glued numbers 1, 2, 3 … in reading order that look like unlinked markers
# a note's symbol glued to a word or punctuation ('Yelverton,†'), or any in brackets ('Thomas[*]'): a lone
# '*' glued is Markdown's emphasis
GLUED_SYMBOL = re.compile(rf"(?<=[^\W\d_]|[.,;:!?’”)…])(?!\*){SYMBOL}(?=[\s.,;:—–]|$)|(?<=\S)\\?\[{SYMBOL}\\?\]")


def weak(chapter: Chapter, report: Report) -> None:
    """Loud when the evidence contradicts the result: a long chapter read as one or two paragraphs, or
    a chapter whose text carries more than twice its notes of numbers glued to words in sequence,
    note symbols glued to words, passages opening with roman labels in sequence, or labels glued to the
    openings of notes read as the body's paragraphs or run into the note before them, in sequence
    (markers or notes that were not linked or parted). Errors, with the counts and the place: the
    input's shape was not understood."""
    paras = [b for b in chapter.blocks if isinstance(b, Paragraph)]
    counts = [len(b.text.split()) for b in paras]
    words = sum(counts)
    # (a long chapter without a page end: the text lost its pages, and nothing in it showed them)
    remedy = "is the input another tool's text? see --input" + (
        "; no page breaks were found (no form feeds, running heads, folios or runs of notes): extract "
        "the text with its page breaks (pdftotext's default mode keeps them; write a form feed between "
        "PyMuPDF's pages)" if words >= LONG_CHAPTER and len(chapter.layout.get("pages", [])) <= 1 else "")
    if words >= LONG_CHAPTER and counts and max(counts) > max(LONG_PARAGRAPH, words // 2):
        longest = paras[counts.index(max(counts))]
        report.add(Kind.PARAGRAPHS_UNRESOLVED, longest.file, longest.line, before=longest.text[:120],
                   evidence=f"a chapter of {words:,} words read as {len(paras)} paragraph(s), the longest "
                            f"{max(counts):,} words: its paragraph breaks were not found ({remedy})")
    run = _glued_sequence(paras, {n.printed for n in chapter.notes})
    if run:
        _unlinked(chapter, report, run, f"numbers glued to words or in brackets run {run[0][0]}–{run[-1][0]} "
                                        f"through the text (markers of notes that were not found: {remedy})")
    run = _labels_in_text(chapter, paras)
    if run:
        _unlinked(chapter, report, run, f"labels {run[0][0]}–{run[-1][0]} stand glued to the openings of notes "
                                        f"read as text, in sequence (in the body's paragraphs or run into the "
                                        f"note before them: {remedy})")
    run = _roman_sequence(paras)
    if run:
        _unlinked(chapter, report, run, f"passages open with labels in roman figures, {run[0][0]}–{run[-1][0]}, in "
                                        f"sequence (notes whose markers, letters raised in the print, cannot be told "
                                        f"from the words they follow in plain text: extract the PDF itself with "
                                        f"`book-pipeline extract`, which sees them raised)")
    run = [(m.group(), b) for b in paras for m in GLUED_SYMBOL.finditer(b.text)]
    if run:
        _unlinked(chapter, report, run, f"note symbols stand glued to words or in brackets through the text "
                                        f"({', '.join(dict.fromkeys(x for x, _ in run[:20]))}: markers of notes "
                                        f"that were not found: {remedy})")


def _unlinked(chapter: Chapter, report: Report, run: list, what: str) -> None:
    """The notes-unresolved error where a ``run`` of (label, paragraph) that look like markers or
    notes in sequence, SEQUENCE at least, outnumbers twice the notes found."""
    if len(run) >= SEQUENCE and len(run) > 2 * len(chapter.notes):
        first = run[0][1]
        report.add(Kind.NOTES_UNRESOLVED, first.file, first.line, before=first.text[:120],
                   evidence=f"{len(chapter.notes)} note(s) found, but {len(run)} {what}")


# (after a sentence's end, or a page's end, marked in a paragraph's text)
ROMAN_OPENING = re.compile(rf"(?:^|(?<=[.!?”’)\]{PAGE_BREAK}]\s))({ROMAN})\s+(?=[A-ZÀ-Þ“‘\"(])")  # ('iv. The': an enumerator)


def _roman_sequence(paras: list) -> list:
    """Passages opening with labels in roman figures that count i, ii, iii … in reading order (one or
    two may be missing: a word processor's endnotes read from plain text, their labels after a
    sentence's end), with their paragraphs."""
    hits = ((int(normal(m.group(1))), m.group(1), b) for b in paras for m in ROMAN_OPENING.finditer(b.text))
    return _in_sequence(hits, lambda number: number <= 2)


def _glued_sequence(paras: list, found: set[str]) -> list:
    """Numbers glued to the end of words that count 1, 2, 3 … in reading order (one or two may be
    missing), with their paragraphs; from 1, or from the label after one of the ``found`` notes
    (the markers of the notes found are linked, no longer glued numbers: 'Thomas[^1]' … 'Sun[^4]'
    and 'meat5', 'fish6' … for the notes that were not)."""
    hits = ((n, n, b) for b in paras for m in GLUED_NUMBER.finditer(b.text) for n in [int(m.group(1) or m.group(2))])
    return _in_sequence(hits, lambda number: number == 1 or str(number - 1) in found)


# a note's label glued to the capital, quote or dash that opens its note, where the note was read as
# text: run into the note before it ('…the Speedwell. 393Of Pickering Lyth…', '…Restoration. 395—B.'),
# or opening a paragraph of the body ('396Charles, eldest son of Dudley…')
RUN_IN_LABEL = re.compile(r"(?:^|(?<=[.!?…”’)\]] ))(\d{1,3})(?=[A-ZÀ-Þ“‘\"(—–])")


def _labels_in_text(chapter: Chapter, paras: list) -> list:
    """Labels glued to their notes' openings in the body's paragraphs or inside notes, in the order of
    the input's lines, that count on from 1 or from the notes found (one or two may be missing), with
    the paragraph or note that holds each."""
    found = {n.printed for n in chapter.notes}
    hits = sorted(((b.line, m.start(), int(m.group(1)), m.group(1), b) for b in [*paras, *chapter.notes]
                   for m in RUN_IN_LABEL.finditer(b.text)), key=lambda h: h[:2])
    return _in_sequence(((n, label, b) for _, _, n, label, b in hits),
                        lambda number: number == 1 or any(str(number - k) in found for k in range(1, AHEAD + 1)))


def _in_sequence(hits, opens) -> list:
    """Of ``hits`` (number, label, paragraph) in reading order, those that count on in sequence (one or
    two may be missing), the first where ``opens`` takes its number: [(label, paragraph)]."""
    run: list = []
    last = 0
    for number, label, b in hits:
        if (last < number <= last + AHEAD) if last else opens(number):
            run.append((label, b))
            last = number
    return run


def scripts(chapter: Chapter, report: Report) -> None:
    texts = [(b.text, b.file, b.line) for b in chapter.blocks] + [(n.text, n.file, n.line) for n in chapter.notes]
    for text, file, line in texts:
        if text.isascii() or not _mixable({_script(c) for c in set(text) if c.isalpha()}):
            continue
        for word in re.findall(r"\w*[^\x00-\x7f]\w*", text):
            found = {_script(c) for c in word if c.isalpha()}
            if _mixable(found):
                report.add(Kind.MIXED_SCRIPT, file, line, before=word,
                           evidence="word mixes " + " and ".join(sorted(found - {None})) +
                                    " letters (look-alike characters?); left unchanged")


MARKUP = re.compile(r"</?(?!su[bp]>)[A-Za-z][^<>\n]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


# Markdown syntax beyond emphasis that a manuscript may hold by accident or on purpose.
MARKDOWN = [
    ("link or image", re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")),
    ("span or attributes", re.compile(r"\[[^\]\n]*\]\{[^}\n]*\}|\{[#.=][^}\n]*\}")),
    ("code", re.compile(r"`[^`\n]+`")),
    ("math", re.compile(r"\$[^$\s][^$\n]*\$")),
    ("note reference or citation", re.compile(r"\[[\^@][^\]\n]*\]")),
    ("inline note", re.compile(r"\^\[[^\]\n]*\]")),
]


def markup(chapter: Chapter, report: Report) -> None:
    """HTML tags and entities and Markdown syntax are the manuscript's text: the writer escapes them so
    they print as written, and each is reported."""
    texts = [(b.text, b.file, b.line) for b in chapter.blocks] + [(n.text, n.file, n.line) for n in chapter.notes]
    for text, file, line in texts:
        found = MARKUP.findall(text) if "<" in text or "&" in text else []
        if found:
            report.add(Kind.RAW_HTML_ESCAPED, file, line, before=" ".join(dict.fromkeys(found)),
                       evidence="HTML markup in the manuscript is shown as text, never as markup")
        if any(c in text for c in "[`$^{"):
            kinds = {name: m.group(0) for name, rx in MARKDOWN for m in [rx.search(text)] if m}
            if kinds:
                report.add(Kind.MARKUP_ESCAPED, file, line, before=" ".join(kinds.values()),
                           evidence="Markdown syntax in the manuscript (" + ", ".join(kinds) +
                                    ") is shown as written, never as markup")


def _mixable(scripts: set) -> bool:
    return {"LATIN", "CYRILLIC"} <= scripts or {"LATIN", "GREEK"} <= scripts


@lru_cache(maxsize=4096)
def _script(ch: str) -> str | None:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return None
