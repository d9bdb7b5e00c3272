"""One printed page read into the raw chapter's shape: body paragraphs and headings, then the notes.

Zones are told apart by evidence on the page and across the book, never by wording:

- **furniture** — a first row in the top margin or a last row in the bottom margin that is a folio (a
  bare number, arabic or roman) or whose text, digits aside, recurs at the same place on several pages
  (``BookStats``);
- **notes** — the run of rows at the page's foot set smaller than the body, under a rule or starting
  with a note label (``76.``, ``*``); a note starts at a row whose first word is a label standing at
  the block's left edge, other rows go on with it; rows before the first label continue the previous
  page's last note;
- **headings** — rows set larger than the body (``##`` from 1.4 times the body size, else ``###``), or
  bold and centred, consecutive rows of one size joining;
- **paragraphs** — a row starts one when it is indented (a list item's hanging label aside), follows
  a heading or a short row (in a book that marks paragraphs neither by indents nor by space), or
  stands after a gap (space between paragraphs); in a book without indents a page's first row starts
  one when its first word would have fitted on the page before's last row, or a whole row below it
  (``room_below``, ``feet``); a paragraph's rows are written as lines, line-end hyphens as printed (the normaliser
  unwraps them and decides each hyphen, as for any hard-wrapped text) — unless the PDF prints the
  typesetter's breaks apart from the text's own hyphens: then a break is a soft hyphen and a word
  with a hyphen of its own is never cut (``line_ends``).

A page whose body rows stand in two columns is read column by column, and said so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..layout.syntax import NUMBER, ROMAN, normal
from ..recover.sentences import ends_sentence
from .lines import Row, apart
from .stats import (EDGE_ROWS, HEAD_MARGIN, LABEL, MARGIN, NOTE_SIZE, SET_APART, BookStats, _in_margin,
                    _leading, _raised, furniture_key)

FOLIO = re.compile(r"^(?:\d{1,4}|[ivxlcdm]{1,7})$", re.I)
CHAPTER_SIZE = 1.4     # a heading this much larger than the body opens a chapter (##)
HEADING_SIZE = 1.07    # a row this much larger than the body is a heading
BOLD_HEADING_SIZE = 1.03   # a bold row this much larger than the body is one too
TYPESET_BREAK = re.compile(r"\u2010(\**)(?=\n|$)")
# A hyphen of the text's own at a line end: "title-⏎page of" (the next line's first word, its rest;
# a compound's further parts with it: "half-⏎a-piece").
HARD_BREAK = re.compile(r"(?<=[^\W\d_])-(\**)\n([^\s]*[^\s-])[ \t]*")
SOFT_HYPHEN = "\u00ad"
SPACED_ELLIPSIS = re.compile(r"\.[ \t]\.[ \t]\.(?![ \t]\.)(?:[ \t](?=<sup>))?")   # ". . . ." = ". …"
BACK_ARROW = re.compile("[ \t]*\u21a9\ufe0e?$")
# a list item's label, hanging before its text
LIST_LABEL = re.compile(rf"^(?:{NUMBER}\.?|{ROMAN}\.?|[•◦▪–-])$")
LEADING_NUMBER = re.compile(r"(\d{1,4}\.?)(?:[ \t]+|$)")
HEADING_LEADING = 1.25   # a heading's next line stands less than this many scaled leadings below it
SINGLE = 1.2             # single spacing (a word processor's, in most faces), in text sizes


@dataclass
class PageText:
    number: int                                        # 1-based page of the PDF
    blocks: list[str] = field(default_factory=list)    # headings (## …) and paragraphs
    notes: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    two_columns: bool = False
    first_heading: tuple[int, str] | None = None       # (level, text) when the page opens with a heading
    last_label: int | None = None                      # the number of the page's last numbered note
    continued: bool = False                            # the first note goes on from the page before
    room: Room | None = None                           # left free at the body's end (None: a heading)
    last_element: int | None = None                    # the block element of the body's last row (tagged)


@dataclass(frozen=True)
class Room:
    """What a page's body left free at its end: on its last row, before the measure's right edge, and
    whether a whole row more would have fitted below it (``room_below``)."""
    row: float
    below: bool = False


@dataclass
class Tagged:
    """What a tagged PDF's structure tree says of a page (``structure``), where it holds the book's
    paragraphs."""
    elements: dict[int, int]                # the page's MCIDs' block elements
    last_element: int | None = None         # the element the page before ended in
    furniture_untagged: bool = False        # what the tree leaves out at the pages' edges is furniture


def read_page(number: int, height: float, width: float, rows: list[Row], rules: list[float],
              stats: BookStats, last_label: int | None = None, room: Room | None = None,
              note_open: bool = False, tagged: Tagged | None = None) -> PageText:
    """``rules``: the y positions of the page's short horizontal rules (a footnote separator);
    ``last_label``: the number of the last note read before this page (a number at a note row's start
    is a label only when it follows on: one of the next five numbers, or 1); ``room``: what the page
    before left free at its body's end (``_blocks``; None: it ended with a heading, or there is none);
    ``note_open``: the last note read broke off mid-sentence; ``tagged``: what a tagged PDF's tree
    says of the page."""
    page = PageText(number)
    rows, page.furniture = strip_furniture(rows, height, stats, tagged)
    body, notes = split_notes(rows, rules, stats, last_label, note_open)
    body, page.two_columns = _columns(body, width)
    page.notes, page.last_label, page.continued = notes_of(notes, last_label, stats.sup_labels)
    elements, last_element = (tagged.elements, tagged.last_element) if tagged else ({}, None)
    continues = None
    if body and last_element is not None and (first := element_of(body[0], elements)) is not None:
        continues = first == last_element
    page.blocks, page.first_heading, page.room = _blocks(body, stats, room, continues, elements)
    if page.room is not None and room_below(body, notes, stats):
        page.room = replace(page.room, below=True)
    page.last_element = element_of(body[-1], elements) if body else None
    page.notes = [_text(n, stats) for n in page.notes]
    page.blocks = [_text(b, stats) for b in page.blocks]
    return page


FOOT_ROOM = 1.5     # leadings more free below a page's body than the book's pages leave where it goes on


def room_below(body: list[Row], notes: list[Row], stats: BookStats) -> bool:
    """The body's last row ends a sentence, and the page leaves more than FOOT_ROOM leadings more free
    below it than the book's pages whose paragraph goes on over the break (``stats.feet``): a row of
    the paragraph would have fitted there, so it ended (a widow's line sent over leaves one leading
    more; the next paragraph, with its space above and the two lines that keep its first from
    standing alone, did not fit). What a page's last row left free then says nothing: in a book that
    does not indent its paragraphs, the next page's first row opens one."""
    if not body or not ends_sentence(body[-1].plain):
        return False
    last = body[-1].baseline
    free = notes[0].top - last - stats.feet.over_notes if notes and stats.feet.over_notes is not None \
        else stats.feet.floor - last if not notes and stats.feet.floor is not None else None
    return free is not None and free > FOOT_ROOM * _leading(body, stats.body_size)


def strip_furniture(rows: list[Row], height: float, stats: BookStats,
                    tagged: Tagged | None = None) -> tuple[list[Row], list[str]]:
    """The page's rows without its running head and folio: up to two rows at each edge (a folio and a
    head set on rows of their own), a folio in the margin, a recurring row a little further in, and
    in a tagged PDF whose tree leaves out only furniture, a row a little further in that the tree
    leaves out (an artifact: a running head that changes from page to page, a section's title); the
    texts removed."""
    rows, removed = list(rows), []
    for where in ("top", "bottom"):
        for _ in range(EDGE_ROWS):
            row = (rows[0] if where == "top" else rows[-1]) if rows else None
            if row is None or not (_is_furniture(row, where, height, stats)
                                   or _artifact(row, where, height, stats, tagged)):
                break
            removed.append((rows.pop(0) if where == "top" else rows.pop()).plain)
    return rows, removed


def _is_furniture(row: Row, where: str, height: float, stats: BookStats) -> bool:
    if FOLIO.match(row.plain.strip()):
        return _in_margin(row, where, height, MARGIN)
    # (a row set larger than the text is a title, though a running head repeats its words)
    return _in_margin(row, where, height, HEAD_MARGIN) and row.size < HEADING_SIZE * stats.body_size \
        and f"{where}:{furniture_key(row.plain)}" in stats.recurring


def _artifact(row: Row, where: str, height: float, stats: BookStats, tagged: Tagged | None) -> bool:
    """A row near the page's edge, not larger than the text, that the tree leaves out, in a book whose
    tree leaves out only furniture."""
    return bool(tagged and tagged.furniture_untagged) and _in_margin(row, where, height, HEAD_MARGIN) \
        and row.size < HEADING_SIZE * stats.body_size and element_of(row, tagged.elements) is None


def split_notes(rows: list[Row], rules: list[float], stats: BookStats,
                 last_label: int | None = None, note_open: bool = False) -> tuple[list[Row], list[Row]]:
    """The page's body rows and its note rows: the rows at the foot set smaller than the text, when a
    rule stands above them or the first opens with a label; or (no rule: LibreOffice's notes, whose
    first row goes on with the page before's last note) when a row among them opens with the label
    that follows the last one read, or when the page before's last note broke off (``note_open``);
    with no smaller rows, the rows below a rule (:func:`_ruled_at_text_size`)."""
    small = len(rows)
    while small > 0 and rows[small - 1].size <= NOTE_SIZE * stats.body_size:
        small -= 1
    if small == len(rows):
        return _ruled_at_text_size(rows, rules, note_open)
    # (set smaller than the text, rows at the foot go on with a note the page before broke off, in
    # whatever case they open: 'The History of' ⏎ '*Polexander* was done into English')
    if small == 0:       # a page of notes only (notes run over from the pages before, or gathered at the end)
        first = rows[0].words[0]
        starts_note = bool(LABEL.match(first.text)) or note_open or _follows_on(rows, last_label)
        return ([], rows) if starts_note or _ruled(None, rows[0], rules) else (rows, [])
    first = rows[small]
    labelled = bool(LABEL.match(first.words[0].text))
    if _ruled(rows[small - 1], first, rules) or labelled or note_open or _follows_on(rows[small:], last_label):
        return rows[:small], rows[small:]
    return rows, []


def _ruled_at_text_size(rows: list[Row], rules: list[float], note_open: bool) -> tuple[list[Row], list[Row]]:
    """Notes set at the text's own size (a word processor's default: pandoc's DOCX through LibreOffice):
    the rows below the page's lowest rule between two rows (the notes may fill most of the page),
    when the first opens with a label or goes on, in lower case, with a note the page before broke
    off."""
    for k in range(len(rows) - 1, 0, -1):
        if _ruled(rows[k - 1], rows[k], rules):
            if LABEL.match(rows[k].words[0].text) or _goes_on(rows[k], note_open):
                return rows[:k], rows[k:]
            break
    return rows, []


def _ruled(above: Row | None, row: Row, rules: list[float]) -> bool:
    """A rule stands between ``above`` (None: the page's top) and ``row``."""
    return any((above is None or above.baseline < y) and y < row.top + 1 for y in rules)


def _goes_on(row: Row, note_open: bool) -> bool:
    """``row`` goes on with a note the page before broke off mid-sentence: it opens in lower case."""
    return note_open and row.words[0].text[:1].islower()


def _follows_on(rows: list[Row], last_label: int | None) -> bool:
    """A row of ``rows`` opens with the label that follows ``last_label`` (the note read last), or with
    1 (notes numbered per page: the count starts again)."""
    return last_label is not None and any(
        normal(_label_apart(r, last_label).words[0].text.rstrip(".)")) == str(last_label + 1)
        or normal(_label_apart(r, 0).words[0].text.rstrip(".)")) == "1" for r in rows)


NEXT_FEW = 5     # a note's label is one of the next few numbers (a few may be missing from the source;
                 # more than layout.syntax.AHEAD: the label's size and place say it is one)


def _next_few(last: int, number: int) -> bool:
    return last < number <= last + NEXT_FEW


# a label set close to its note's first word ('103Thomas', '10)Sir', 'viiiWarwick'; '100.Denzil', a
# label too wide for the box LaTeX hangs it in)
GLUED_LABEL = re.compile(rf"^(\d{{1,5}}|{ROMAN})[.)]?(?=[A-ZÀ-Þ“‘\"'(\[—])")


def _label_apart(row: Row, last: int | None) -> Row:
    """The row with a note's label set close to its first word taken apart (LibreOffice sets a label
    wider than the notes' hanging indent so: '103Thomas Killigrew, fourth son', '114—B.'), when the number
    follows on from ``last`` (the note read last: one of the next five); a full stop closing it goes
    with it ('100.Denzil')."""
    first = row.words[0]
    m = GLUED_LABEL.match(first.text)
    if not m or last is None or not _next_few(last, int(normal(m.group(1)))):
        return row
    cut = first.x0 + (first.x1 - first.x0) * len(m.group(1)) / len(first.text)
    return Row([replace(first, text=m.group(1), x1=cut), replace(first, text=first.text[m.end():], x0=cut),
                *row.words[1:]])


def _columns(rows: list[Row], width: float) -> tuple[list[Row], bool]:
    """Rows in reading order: a page whose rows fall in two columns (many rows wholly in each half,
    few across the middle) is read left column first."""
    if len(rows) < 8:
        return rows, False
    mid = width / 2
    left = [r for r in rows if r.x1 < mid]
    right = [r for r in rows if r.x0 > mid]
    across = len(rows) - len(left) - len(right)
    if len(left) >= 4 and len(right) >= 4 and across <= 0.2 * len(rows):
        spanning_top = [r for r in rows if r.x0 <= mid <= r.x1 and r.top < min(x.top for x in left + right)]
        rest = [r for r in rows if r not in spanning_top and r not in left and r not in right]
        return spanning_top + left + right + rest, True
    return rows, False


def join_rows(text: str, more: str) -> str:
    """The next printed row of a paragraph or note, on a line of its own (the normaliser unwraps the
    lines and decides each line-end hyphen, which is kept as printed); an italic run going on across
    the rows stays one run."""
    if not text:
        return more
    if text.endswith("*") and more.startswith("*") and not text.endswith("**"):
        text, more = text[:-1], more[1:]
    # A row that opens with a number (``80. We learn``) would read as a new note or a folio: the number
    # goes up to the row before (the normaliser unwraps the lines anyway).
    if (m := LEADING_NUMBER.match(more)) and not text.endswith(("-", "\u2010", "\u00ad", "\u2013", "\u2014")):
        text, more = f"{text} {m.group(1)}", more[m.end():]
        if not more:
            return text
    return text + "\n" + more


def _text(block: str, stats: BookStats) -> str:
    """A paragraph's or note's text as the normaliser reads it: its line ends (``line_ends``), its
    ellipses, and without a back link's arrow at its end (``↩``, a web page's way back to the note's
    reference: a link, not text)."""
    return BACK_ARROW.sub("", ellipses(line_ends(block, stats)))


def ellipses(text: str) -> str:
    """An ellipsis set as three spaced full stops (TeX's ``\\ldots``: ``. . .``) is one character, ``…``,
    as ligatures are letters (a note marker right after it keeps to it)."""
    return SPACED_ELLIPSIS.sub("…", text)


def printed(text: str, stats: BookStats) -> str:
    """``text`` with its U+2010 written as the hyphens they are, unless the book marks its breaks with
    them (``BookStats.breaks_marked``): a hyphen a typesetter drew is a break only where the book
    shows it so (U+2010 at line ends alone, the text's hyphens U+002D)."""
    return text if stats.breaks_marked else text.replace("\u2010", "-")


def line_ends(text: str, stats: BookStats) -> str:
    """A paragraph's or note's lines with their line-end hyphens written for the normaliser.

    Most PDFs print the typesetter's breaks and the text's own hyphens alike (LaTeX, InDesign): a
    line-end hyphen is written as an ordinary one and the normaliser decides it. Where the book tells
    them apart (``BookStats.breaks_marked``) the evidence is kept: the typesetter's break becomes a
    soft hyphen (U+00AD: "shown only at a line end", joined by the normaliser and reported), and a word
    with a hyphen of its own broken there (``title-⏎page``) is written whole on the first line; so is
    every word broken at a line-end hyphen in a book that breaks no word (``BookStats.own_hyphens``).
    """
    text = printed(text, stats)
    if not stats.hyphens_told:
        return text

    def whole(m: re.Match) -> str:
        rest_follows = m.end() < len(text) and text[m.end()] != "\n"
        return f"-{m.group(1)}{m.group(2)}" + ("\n" if rest_follows else "")

    return TYPESET_BREAK.sub(SOFT_HYPHEN + r"\1", HARD_BREAK.sub(whole, text))


def notes_of(rows: list[Row], last: int | None, sup_labels: bool = False) -> tuple[list[str], int | None, bool]:
    """A note block's notes (``76 Stalin, too, …``), the number of its last numbered note, and whether
    its first entry has no label of its own (it goes on from the note before). ``sup_labels``: the
    book sets its labels as superscripts, so a number at a row's start at the text's size and height
    is the note's text going on (``*æt. suæ*⏎80. We learn``)."""
    if not rows:
        return [], last, False
    left = min(r.x0 for r in rows)
    size = max(r.size for r in rows)        # the notes' text size (a row of a label alone is smaller)
    notes: list[str] = []
    continued = False
    numbered = False        # a numbered note of this block read already
    for row in rows:
        row = _label_apart(row, last)
        first = row.words[0]
        label = LABEL.match(first.text)
        raised = first.sup or row.size < 0.8 * size        # set as a superscript, or smaller than the notes
        # a number is a label when it follows on (a few may be missing from the source: a gap of up to 4)
        # (numbering starts again at 1 at a chapter's or a page's first note, never after a note of
        # the same page: '31 The data…⏎1 million out of 25 million' goes on with note 31)
        value = normal(label.group(1)) if label else ""         # ('iv': 4)
        follows = label and (not value.isdigit() or last is None
                             or (int(value) == 1 and not numbered)
                             or _next_few(last, int(value))) and (raised or not sup_labels)
        # labels hang at the block's left edge, right-aligned ones a digit or two further in
        # (a label may be set as a superscript, as groff -ms and LaTeX do; a note's own marker never
        # opens its row)
        # (a label alone on its row: an empty note, or, on the block's last row, one whose text goes on
        # over the page; a number alone at the text size is a label only there)
        if follows and first.x0 <= left + 1.5 * size and (len(row.words) > 1 or row is rows[-1] or raised):
            rest = Row(row.words[1:]).text()
            notes.append(f"{label.group(1)} {rest}".rstrip())
            if value.isdigit():
                last = int(value)
                numbered = True
        elif notes:
            notes[-1] = join_rows(notes[-1], row.text())
        else:
            notes.append(row.text())       # goes on from the previous page's last note
            continued = True
    return notes, last, continued


def element_of(row: Row, elements: dict[int, int]) -> int | None:
    """The block element a row's text belongs to (a tagged PDF's): the one most of its marked content
    is part of; None where none is known."""
    found = Counter(elements[m] for m in row.mcids if m in elements)
    return min(found, key=lambda e: (-found[e], e)) if found else None


def _blocks(rows: list[Row], stats: BookStats, room: Room | None = None, continues: bool | None = None,
            elements: dict[int, int] | None = None) -> tuple[list[str], tuple[int, str] | None, Room | None]:
    """The page's headings and paragraphs, its opening heading, and the room its last row leaves before
    the right edge (None after a heading). A page's last row ends its paragraph when the next page's
    first word would have fitted in that room: a typesetter breaks a line only where the next word
    does not fit; or when a whole row would have fitted below it (``room_below``) and the next page's
    first row holds no marker (whose note may have sent it over).
    In a book that does not indent its paragraphs (space between them, or nothing), each paragraph's
    first line is written indented all the same, so that the normaliser reads at a page break what the
    page shows: ``room`` is what the page before left. (Where the next word would not have fitted,
    the paragraph is taken to go on: true of justified text but for a paragraph ending flush with the
    measure, less often of ragged text.) Where a tagged PDF says whether the page's
    first row goes on with the element the page before ended in (``continues``), that decides; within
    the page a row in another block element than the row before (``elements``: MCID -> element) starts
    a paragraph."""
    if not rows:
        return [], None, room
    size = stats.body_size
    left = min(r.x0 for r in rows)
    right = max(r.x1 for r in rows)
    leading = _leading(rows, size)
    # Where the book marks paragraphs by indenting their first line, a short line alone is no evidence:
    # a line can end early before a word too long to fit.
    indented = stats.indented or any(r.x0 > left + 0.8 * size and r.x1 > right - 2.5 * size for r in rows)
    blocks: list[str] = []
    kinds: list[str] = []
    first_heading = None
    prev: Row | None = None
    for row in rows:
        # set apart: more than a line and a half (of this row's size) below the row before
        set_apart = prev is None or row.baseline - prev.baseline > SET_APART * leading * row.size / size
        # clear of the row before: further below it than a heading's next line stands (at the text's
        # leading scaled to its size, or at its own size's single spacing where the text is set
        # looser: a word processor's 1.5 lines, its headings single-spaced)
        clear = prev is None or row.baseline - prev.baseline >= \
            HEADING_LEADING * min(leading * row.size / size, SINGLE * row.size)
        level = _heading_level(row, size, left, right, set_apart, clear)
        # a heading's next line: right below it, at its size and at its leading (the text's, scaled to
        # its size; more is another heading set in the same style: a chapter's title and its first
        # section's)
        goes_on = bool(kinds) and kinds[-1].startswith("h") and prev is not None and not set_apart \
            and abs(prev.size - row.size) < 0.2 \
            and row.baseline - prev.baseline < HEADING_LEADING * leading * row.size / size
        if not level and goes_on and (row.bold and prev.bold or row.size >= HEADING_SIZE * size):
            level = int(kinds[-1][1:])          # the second line of a bold or larger heading
        if level:
            text = printed(row.plain, stats)   # a heading's own italics or size are its style
            if goes_on and kinds[-1] == f"h{level}":
                # (a word the typesetter broke at the line's end, in a book that marks its breaks,
                # is written whole)
                marked = blocks[-1].endswith("\u2010")
                blocks[-1] = blocks[-1][:-1] + text if marked else blocks[-1] + " " + text
            else:
                blocks.append(text)
                kinds.append(f"h{level}")
                if len(blocks) == 1:
                    first_heading = (level, text)
            prev = row
            continue
        # (a row indented as far as the row before is a list's or a quotation's next line, not a new
        # paragraph, unless, in a book that indents first lines, the row before is short; space
        # between paragraphs shows as a baseline gap of a line and a half; a short row alone ends a
        # paragraph only in a book that marks them neither by indents nor by space)
        hanging = prev is not None and len(prev.words) > 1 and not prev.words[0].sup \
            and bool(LIST_LABEL.match(prev.words[0].text)) \
            and abs(row.x0 - prev.words[1].x0) < 0.5 * size       # "1. Pepys was…" ⏎ "26th, 1658…"
        short = prev is not None and _short(prev, row, right, size, stats.ragged)
        new = (prev is None or kinds[-1].startswith("h")
               or (row.x0 > left + 0.8 * size and not hanging
                   and (row.x0 > prev.x0 + 0.8 * size or (short and stats.indented)))
               or (short and not indented and not stats.spaced)
               or row.top - prev.baseline > 1.2 * leading
               or row.baseline - prev.baseline > (stats.apart + stats.raised * _raised(row)) * leading)
        if not new and elements and prev is not None:
            # a tagged PDF's paragraph ends where its element does (a one-line paragraph filling the
            # measure, above a first line indented as far)
            before, this = element_of(prev, elements), element_of(row, elements)
            new = before is not None and this is not None and before != this
        if new or not blocks:
            # An indented first line keeps a two-space indent: the normaliser's evidence at page breaks.
            opens = prev is not None or room is None or _fits(room.row, row, size) or (
                room.below and not _raised(row))
            starts = row.x0 > left + 0.8 * size or (not stats.indented and opens)
            if prev is None and continues is not None:
                starts = not continues          # (the tree's word over the page's look)
            blocks.append(("  " if starts else "") + row.text())
            kinds.append("p")
        else:
            blocks[-1] = join_rows(blocks[-1], row.text())
        prev = row
    out = [("#" * (int(kind[1:]) + 1) + " " + text) if kind.startswith("h") else text
           for kind, text in zip(kinds, blocks)]
    return out, first_heading, None if kinds[-1].startswith("h") else Room(right - rows[-1].x1)


def _short(prev: Row, row: Row, right: float, size: float, ragged: bool) -> bool:
    """Whether ``prev`` ends short of the measure as a paragraph's last line does. Justified lines end at
    the measure; in ragged text every line ends short, and a line ends a paragraph when it ends a
    sentence and the next row's first word would have fitted after it."""
    if not ragged:
        return prev.x1 < right - 2.5 * size
    return _fits(right - prev.x1, row, size) and ends_sentence(prev.plain)


def _fits(room: float, row: Row, size: float) -> bool:
    """Whether ``row``'s first word (and a space) would have fitted in ``room`` at the end of the row
    before. The printed word runs on over the row's words set close (a quote before an italic word:
    '“' + '*Orate*')."""
    words = row.words
    end = 0
    while end + 1 < len(words) and not apart(words[end], words[end + 1]):
        end += 1
    return room > words[end].x1 - words[0].x0 + 0.25 * size


def _heading_level(row: Row, size: float, left: float, right: float, set_apart: bool = False,
                   clear: bool = False) -> int:
    """1 for a chapter-size row, 2 for a section heading: larger and styled, or larger in no other style
    and clear of the row above (a word processor's default headings, in a font the PDF names as
    regular), or styled, centred and set apart from the text above (not an italic line of a list item
    indented on both sides), or a short bold row at the text size set apart (groff's and many word
    processors' flush-left headings); 0 for text."""
    if row.size >= CHAPTER_SIZE * size:
        return 1
    centred = abs((row.x0 - left) - (right - row.x1)) < 1.5 * size
    short = row.x1 - row.x0 < 0.85 * (right - left) and len(row.plain) < 120
    if row.size >= HEADING_SIZE * size and (centred or row.bold or row.italic):
        return 2
    if row.size >= HEADING_SIZE * size and clear and len(row.plain) < 120 and any(c.isalpha() for c in row.plain):
        return 2
    if row.bold and row.size >= BOLD_HEADING_SIZE * size and any(c.isalpha() for c in row.plain):
        return 2        # a bold row a little larger than the text, however long (Typst's headings)
    if (row.bold or row.italic) and centred and short and set_apart:
        return 2
    if row.bold and set_apart and short and any(c.isalpha() for c in row.plain):
        return 2
    return 0


