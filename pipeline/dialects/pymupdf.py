"""PyMuPDF's Markdown (``pymupdf4llm.to_markdown``): blocks, not lines; page separators only if asked.

What it gives: each block of the page as a Markdown paragraph (a paragraph of the book, or the piece
of one that a page break cut), headings as ``##`` (sometimes a note whose first line it took for one),
notes as block quotes (``> 1 Sir Harry…``; several notes in one quote) or plain blocks with the label
glued or spaced (``2Pepys’s house…``, ``1 Pepys was…``), markers as ``[1]`` or digits glued to a word,
the running head and folio as blocks of their own, spaces around emphasis (``_Essai_ ,``), spaced dots
(``. . .``), and a line-end hyphen of Typst's as U+00AD with the two halves run together.

Pages are recovered from the furniture (a folio and running head between two pages' blocks), and
end at the separator ``to_markdown(page_separators=True)`` writes (``--- end of page.page_number=3
---``) where one was asked for; each
page's notes are the blocks at its foot whose labels follow on, as for pdftotext
(:mod:`pipeline.dialects.notes`); the rest is written in the seed's shape.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from ..layout.syntax import SYMBOL, successor
from ..model import Kind
from ..recover.breaks import dashes_closed
from ..recover.sentences import abbreviated, ends_mid_sentence, ends_sentence, unfinished
from . import Converted, endnotes, hyphens, spacing
from .furniture import Line, _head_key, _number
from .notes import (BRACKET_MARKER, Area, Measure, Note, label_of, find_area, labels_ahead, mark, place_markers,
                    referred)

DESCRIPTION = "PyMuPDF's Markdown (pymupdf4llm: blocks, quoted notes, [n] markers, pages by their furniture)"
QUOTE = re.compile(r"^>\s?", re.M)
GLUED = re.compile(r"(?:[^\W\d_]|[.,;:!?’”)])\d{1,3}(?=[\s.,;:—–]|$)", re.M)
MIN_REPEATS = 3
# PyMuPDF's bullet before a line it took for a list item, when what follows is numbered: a numbered
# paragraph or a note ('- (2) Germany has ceded…', '- 23. Richard, fifth Earl…'; LibreOffice's notes:
# '- 14 _Epicene_, a comedy', '- 14 —B.', '- 2 12 Car. II cap. 14', with its bracket '- 10)Sir Dudley';
# a label of three figures filling the box a note hangs it in, '- 100.Denzil Holles')
LIST_ITEM = re.compile(r"^[-*•]\s+(?=\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]\s"
                       r"|\d{1,3}[\s).]?[A-ZÀ-Þ“‘\"(_—–]|\d{1,3}\s\d)")
BULLET = re.compile(r"^[-*•]\s+")
# a note's rest over the page set as a list item (its text in lower case, emphasis before it or not)
CONTINUED_ITEM = re.compile(r"^[-*•]\s+(?=[_*]*[a-zà-ÿ])")
# a list item set in under another (PyMuPDF's reading of a hanging indent): a note's lines going on,
# in whatever case ('   - Recorder of that town, 1660–88.' under '5. Roger Pepys, … 1661–78, and')
NESTED_ITEM = re.compile(r"^\s+[-*•]\s+")
BACK_LINK_ALONE = re.compile("^(?:[-*•]\\s*)?\u21a9[\ufe0e\ufe0f]?$")
# bold, or bold italics, around a heading's whole text ('**Notes**', '_**The 1928 Crisis…**_'; not '**A** and
# **B**', nor italics alone: a running head, '_The Diary_', or a title, is kept as the pages set it)
STYLED = re.compile(r"^([_*]?)\*\*(?!\s)((?:(?!\*\*).)+?)(?<!\s)\*\*\1$")
# what ``to_markdown(page_separators=True)`` writes after each page ('--- end of page.page_number=3 ---',
# '--- end of page=2 ---' in other versions)
PAGE_END = re.compile(r"^-{3,}\s*end of page\b[^\n]*?-{3,}$")
WIDE = Measure(10 ** 6, 10 ** 6, 10 ** 6)    # blocks have no measure: no width evidence
ONE_LINE_BLOCKS = 0.2   # the share of its lines of text that run over 200 characters, at least


@dataclass
class Block:
    line: Line             # the block's text, run together, and its first line in the input
    quote: bool = False    # a block quote (PyMuPDF's notes)
    heading: bool = False  # set as '##'
    page_end: bool = False  # the separator pymupdf4llm writes after a page when asked to (page_separators)


def detect(text: str) -> tuple[float, str]:
    quotes = len(re.findall(rf"^> ?(?:\d{{1,3}}|{SYMBOL})\s?\S", text, re.M))
    brackets = len(BRACKET_MARKER.findall(text))
    if "\f" in text or "<sup>" in text or re.search(r"^---\s*$", text, re.M):
        return 0.0, ""
    blank_blocks = text.count("\n\n")
    lines_of_text = [ln for ln in text.split("\n") if len(ln) > 60]
    long_lines = sum(1 for ln in lines_of_text if len(ln) > 200)
    if long_lines * 4 < blank_blocks / 3 or long_lines < ONE_LINE_BLOCKS * len(lines_of_text):
        # wrapped lines: not PyMuPDF's one line per block (its lines of text hold a paragraph: over 200
        # characters, more than half of them; a wrapped text's stop at the measure, a tool's run-together
        # lines aside: one in a hundred)
        return 0.0, ""
    separators = len(re.findall(PAGE_END.pattern, text, re.M))
    pages = f"{separators} page separator(s)" if separators else "no page separators"
    if quotes or brackets:
        score = 0.6 + min(0.3, (quotes + brackets) / 200)
        return score, (f"{quotes} note(s) as block quotes, {brackets} [n] marker(s), one line per block, "
                       f"{pages}: Markdown from PyMuPDF")
    # notes as plain blocks and markers as glued digits (a web page's print): PyMuPDF's blocks still show
    # in its writing, each block's line ending in a space
    lines = [ln for ln in text.split("\n") if ln.strip()]
    spaced = sum(ln.endswith(" ") for ln in lines)
    glued = len(GLUED.findall(text))
    if lines and spaced >= 0.9 * len(lines) and glued >= 3:
        return 0.55, (f"{spaced} of {len(lines)} block(s) ending in a space, one line per block, {glued} "
                      f"digit(s) glued to words, {pages}: Markdown from PyMuPDF")
    return 0.0, ""


def read_blocks(text: str, restored: list[str] | None = None, lang: str = "en") -> list[Block]:
    """Blank-line separated blocks, each run together on one line; quote marks and '##' taken off;
    hyphens PyMuPDF dropped where it ran lines together put back (the words go to ``restored``)."""
    blocks: list[Block] = []
    known = hyphens.compounds(text, lang)
    current: list[tuple[str, int]] = []
    numbered = False            # the block before was a numbered list item (its bullet taken off)

    def _restored(body: str) -> str:
        body, found = hyphens.restore(_clean(body), known, lang)
        if restored is not None:
            restored.extend(found)
        return body

    def flush() -> None:
        nonlocal numbered
        if current:
            first = current[0][0]
            quote = first.startswith(">")
            body = " ".join(QUOTE.sub("", t).strip() for t, _ in current).strip()
            heading = bool(re.match(r"^#{1,6}\s", body))
            if heading:
                body = re.sub(r"^#{1,6}\s+", "", body).strip()
                body = STYLED.sub(r"\2", body).strip()     # (the heading's own style: bold, or bold italics)
            if NESTED_ITEM.match(first) and not LIST_ITEM.match(body):
                body = BULLET.sub("", body, count=1)
            # '- (2) Germany…', '- 23. Richard…', '- 15Elizabeth…': a paragraph, a note
            body, listed = LIST_ITEM.subn("", body)
            if body and BACK_LINK_ALONE.match(body) and blocks:
                # a note's back-link arrow set on a line of its own ('- ↩'): it ends the block before
                blocks[-1].line.text += " " + body.lstrip("- ")
                listed = 0
            elif body and BULLET.match(body) and numbered and unfinished(blocks[-1].line.text):
                # an item with no number right after a numbered one broken off mid-sentence goes on
                # with it ('- 15Elizabeth Stradwick, … wife of Thomas' and '- Stradwick.': PyMuPDF's
                # list of a page's notes)
                blocks[-1].line.text += " " + _restored(BULLET.sub("", body))
                listed = 1
            elif PAGE_END.match(body):
                blocks.append(Block(Line(body, current[0][1]), page_end=True))
            elif body:
                blocks.append(Block(Line(_restored(body), current[0][1]), quote, heading))
            numbered = bool(listed)
            current.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip() in ("", ">"):
            flush()
        else:
            current.append((raw.rstrip(), number))
    flush()
    return blocks


TOKEN = re.compile(r"\S+")
NUMBERED = re.compile(r"\d|^\(?[^\W\d_]{1,4}\)")
ENRICHED = 50         # how much likelier a block's start opens with a recurring shape than a word does
# a sentence's end that is no abbreviation or sum ('sad.', 'Moore.'; not 'Jan.', 'B.', '10s.')
SENTENCE_END = re.compile(r"(?<![\w.])(?:[a-zà-ÿ]{2,}|[^\W\d_]{4,})[.!?][”’\"')\]]*$")


def _paragraphs_parted(bodies: list[list[Block]]) -> tuple[list[list[Block]], list[tuple[int, str]]]:
    """PyMuPDF runs paragraphs that the book sets without space between them into one block ('… to bed
    very sad. 6th. In the morning …'). Where the book's paragraphs open in a recurring shape
    (:func:`_openings`), a block is parted where a sentence ends before that shape. The pages' text
    blocks (notes set apart) as parted, and the parts made: (input line, opening word)."""
    openers, cuts = _openings(bodies)
    out: list[list[Block]] = []
    parted: list[tuple[int, str]] = []
    for body in bodies:
        out.append([])
        for b in body:
            at = [c for c, shape in cuts.get(id(b), []) if shape in openers]
            for a, z in zip([0] + at, at + [len(b.line.text)]):
                out[-1].append(Block(Line(b.line.text[a:z].strip(), b.line.src), b.quote, b.heading))
                if a:
                    parted.append((b.line.src, b.line.text[a:z].split()[0]))
    return out, parted


def _openings(bodies: list[list[Block]]) -> tuple[set[str], dict[int, list[tuple[int, str]]]]:
    """The shapes the book's paragraphs open with (a diary's '6th.', numbered paragraphs:
    :func:`..recover.sentences.opening`) seen opening at least OPENERS of the text's blocks, a block's
    start ENRICHED times likelier to open with it than a word inside a sentence (dates run through the
    text); and, for each block (by id), where a sentence ends before such a shape inside it."""
    from ..recover.sentences import ends_mid_sentence, opening
    from .shape import OPENERS
    text_blocks = [b for body in bodies for b in body if not b.heading]
    starts = Counter(opening(b.line.text) for b in text_blocks) - Counter({"": 10 ** 9})
    inside: Counter = Counter()
    words = 0
    cuts: dict[int, list[tuple[int, str]]] = {}      # block -> (where a sentence ends before a shape, the shape)
    for b in text_blocks:
        text = b.line.text
        tokens = list(TOKEN.finditer(text))
        words += len(tokens)
        # (an opening shape holds a number or an enumerator in its first two words)
        marked = {j for j, t in enumerate(tokens) if NUMBERED.search(t.group())}
        for j in sorted(marked | {j - 1 for j in marked if j}):
            m = tokens[j]
            if not m.start():
                continue
            shape = opening(text[m.start():m.start() + 40])
            if not shape or shape not in starts:
                continue
            before = text[max(0, m.start() - 60):m.start()].rstrip()
            if ends_mid_sentence(before):
                inside[shape] += 1
            elif SENTENCE_END.search(before):
                cuts.setdefault(id(b), []).append((m.start(), shape))
    openers = {shape for shape, n in starts.items()
               if n >= OPENERS and n / len(text_blocks) >= ENRICHED * (inside[shape] + 1) / max(1, words)}
    return openers, cuts


SPACE_BEFORE = re.compile(r"(?:(?<=[_*])|(?<=\[\d\])|(?<=\d\d\]))\s+(?=[,.;:!?)\]’”])")   # '_Essai_ ,', '[12] ,'
SPACE_AFTER = re.compile(r"(?<=[(\[‘“])\s+(?=[_*])")
DASH_BEFORE_EMPHASIS = re.compile(r"(?<=\u2014)[ \t]+(?=_[^\W\d_])")
# ... and the same space on the dash's other side, where the dash itself shows it set close: closed on its
# left before emphasis ('xvi)— _Notes'), or closed on its right after emphasis ('_Dartmouth_ —one')
CLOSED_DASH_EMPHASIS = re.compile(r"(?<=[^\s\u2014]\u2014)[ \t]+(?=_[^\W\d_])|(?<=[^\W\d_]_)[ \t]+(?=\u2014[a-z])")
RANGE_BREAK = re.compile(r"(?<=\d[–—])\s+(?=\d)")      # '3– 5%': a range broken after its dash


# A closing quote PyMuPDF read as an opening one: glued to the word or punctuation before it, or after
# emphasis and a space, and followed by a space ('my Lord.‘ To which', 'Stalin._ ‘ Trotsky'); an
# opening quote never stands before a space
CLOSE_READ_AS_OPEN = re.compile(r"(?:(?<=[^\W\d_])|(?<=[.,;:!?)\]])|(?<=[_*])[ \t]+)([‘“])(?=[ \t])")
CLOSING = {"‘": "’", "“": "”"}


def _clean(text: str) -> str:
    """PyMuPDF's spacing around emphasis ('_Essai_ ,', '( _Sochineniya_'), its closing quotes read as
    opening ones, and spaced dots."""
    text = CLOSE_READ_AS_OPEN.sub(lambda m: CLOSING[m.group(1)], text)
    text = SPACE_BEFORE.sub("", text)
    text = SPACE_AFTER.sub("", text)
    text = RANGE_BREAK.sub("", text)
    text = spacing.SIGN_APART.sub("", text)
    text = spacing.accents(text)[0]
    return spacing.ellipses(text)[0]


TYPESET_BREAK_RUN = re.compile(r"(?<=[^\W\d_])\u2010[ \t]+(?=[^\W\d_])")


def convert(text: str, name: str, lang: str = "en") -> Converted:
    restored: list[str] = []
    # a typesetter's break (U+2010) in a file that marks its breaks so: the word written whole, the
    # halves PyMuPDF ran together with a space joined ('knock\u2010 ing')
    if hyphens.breaks_marked(text):
        text, joined = TYPESET_BREAK_RUN.subn("", text)
        # (one that ends a block broke a word over the page: a soft hyphen, joined with the next page)
        text = re.sub(r"(?<=[^\W\d_])\u2010[ \t]*$", "\u00ad", text, flags=re.M)
    else:
        joined = 0
    # PyMuPDF sets a space between an em dash and the emphasis after it whatever the print did
    # ('20th— _A Plea'); in a book that sets its dashes close (counted inside lines) it is PyMuPDF's
    text, dashed = DASH_BEFORE_EMPHASIS.subn("", text) if dashes_closed([text]) else (text, 0)
    text, closed = CLOSED_DASH_EMPHASIS.subn("", text)
    dashed += closed
    blocks = read_blocks(text, restored, lang)
    repaired = dashed + sum(len(rx.findall(raw)) for raw in text.split("\n\n")
                            for rx in (CLOSE_READ_AS_OPEN, SPACE_BEFORE, SPACE_AFTER, spacing.SPACED_DOTS,
                                       RANGE_BREAK, spacing.SIGN_APART, spacing.SPACING_ACCENT))
    pages, furniture = _pages(blocks)
    pages = _parted_after_continuations([part for page in pages for part in _parted_at_note_runs(page)])
    pages = [_split_notes(_notes_run_in(page)) for page in pages]
    read = _read_notes(pages)
    markers = read.place()
    moved = _markers_to_their_words(read.bodies, markers, read.notes, lang)
    out = _write(read.bodies, read.areas, pages, markers)
    entries = _entries(restored, repaired) + _parted_and_moved(read.parted, moved)
    if joined:
        entries.append({"kind": Kind.DEHYPHENATE, "line": 1,
                        "evidence": f"{joined} word(s) the typesetter broke at a line end (its hyphen U+2010, "
                                    f"the text's own hyphens U+002D) joined"})
    if read.at_end:
        written, more = endnotes.write(read.notes)
        out += written
        entries += more
    found = sum(len(m) for page in markers for m in page.values())
    where = " at the chapter's end" if read.at_end else ""
    summary = (f"{DESCRIPTION}: {len(pages)} page(s) recovered from their furniture, {len(furniture)} "
               f"furniture block(s), {len(read.notes)} note(s){where}, {found} marker(s) found")
    return Converted("\n".join(t for t, _ in out) + "\n", [s for _, s in out], entries, furniture, summary)


@dataclass
class Read:
    """The pages' text blocks and their notes: each page's at its foot, or the chapter's at its end."""
    bodies: list[list[Block]]
    areas: list[Area | None]
    notes: list[Note]                  # the notes that markers refer to, in order
    at_end: bool                       # the notes stand at the chapter's end
    parted: list[tuple[int, str]]      # blocks parted where the book's paragraphs open
    place: Callable[[], list[dict]]    # the markers in the bodies: page -> line -> spans


def _read_notes(pages: list[list[Block]]) -> Read:
    kept, chapter_notes = endnotes.split([[b.line for b in page] for page in pages], brackets=True)
    if chapter_notes:           # notes gathered at the chapter's end ('1. Camlet was …↩')
        for note in chapter_notes:
            # (a note's rest over a page set as a list item, under a hanging indent: '- same year from…')
            note.lines[1:] = [Line(CONTINUED_ITEM.sub("", ln.text), ln.src) for ln in note.lines[1:]]
        bodies, parted = _paragraphs_parted([page[:len(k)] for page, k in zip(pages, kept)])
        return Read(bodies, [None] * len(pages), chapter_notes, True, parted,
                    lambda: endnotes.markers([[b.line for b in body] for body in bodies], chapter_notes,
                                             brackets=True))
    areas = _areas(pages)
    bodies = [page[: a.start] if a else page for page, a in zip(pages, areas)]
    bodies, parted = _paragraphs_parted(_continuations(bodies, areas, pages))
    labels = [[n.label for n in a.notes if not n.continued] if a else [] for a in areas]
    return Read(bodies, areas, [n for a in areas if a for n in a.notes if not n.continued], False, parted,
                lambda: place_markers([[b.line for b in body] for body in bodies], labels, brackets=True))


def _parted_and_moved(parted: list[tuple[int, str]], moved: list[tuple[int, str]]) -> list[dict]:
    entries = []
    if parted:
        entries.append({"kind": Kind.PARAGRAPH_SPLIT, "line": parted[0][0],
                        "evidence": f"{len(parted)} block(s) that PyMuPDF ran together parted where a "
                                    f"sentence ends before the book's recurring paragraph opening ("
                                    + ", ".join(f"'{w}'" for _, w in parted[:5]) + ")"})
    if moved:
        entries.append({"kind": Kind.MARKER_MOVED, "line": moved[0][0],
                        "evidence": f"{len(moved)} marker(s) PyMuPDF set at their printed line's start moved "
                                    f"within the line to the words their notes open with: "
                                    + ", ".join(f"'{w}'" for _, w in moved[:5])})
    return entries


LINE = 65           # how far a printed line may reach after its start (characters)
WORD = re.compile(r"[^\W\d_][\w’'-]*")
SHOWN = 3           # markers set apart with their note's words ahead that show the habit, at least


def _markers_to_their_words(bodies: list[list[Block]], markers: list[dict],
                            notes: list[Note], lang: str = "en") -> list[tuple[int, str]]:
    """PyMuPDF sets a superscript marker of a web print at the start of its printed line ('called in
    at 2 Mrs. Crisp’s, where I saw Mynheer Roder, that is'; printed 'Roder,²'). A marker found set
    apart (the sequence placed it) moves, glued, within the line's reach to after the longest run of
    the words its note opens by naming ('John Roder, knighted …': an editor's note names what it
    annotates), its punctuation kept before it. Where the file shows that habit (a quarter of its
    markers set apart, at least SHOWN, have their note's words ahead), one whose note names nothing
    there moves to the first word (a name first) that punctuation closes. It stays when another marker
    stands in its reach. Its span in ``markers`` moves with it. The moves: (input line, word)."""
    heads = {n.label: n.lines[0].text for n in notes if n.lines}
    apart = [((p, i), body[i], spans, span) for p, (body, found) in enumerate(zip(bodies, markers))
             for i, spans in found.items() for span in spans
             if body[i].line.text[span[0]:span[0] + 1] == " " and span[2] in heads]
    named = {(at, span): _named_ahead(line.line.text, span, heads[span[2]], lang) for at, line, _, span in apart}
    shown = sum(1 for k in named.values() if k is not None)
    habit = shown >= SHOWN and shown * 4 >= len(apart)
    moved: list[tuple[tuple, int, str]] = []
    for where, line, spans, span in sorted(apart, key=lambda a: (a[0], -a[3][0])):   # right to left in a line
        s, e, label = span
        text = line.line.text
        if span not in spans or any(e < s2 <= e + LINE for s2, _, _ in spans) or text[:s].endswith(("_", "*")):
            continue           # (another marker in its reach: the order would be in doubt; after
                               # emphasis PyMuPDF sets a space before a marker in its place)
        ahead = named[(where, span)]
        end = ahead if ahead is not None else _closed_ahead(text, e) if habit else None
        if end is None:
            continue
        end += len(re.match(r"[.,;:!?’”)]*", text[end:]).group())
        line.line.text = text[:s] + text[e:end] + label + text[end:]
        at, shift = end - (e - s), len(label) - (e - s)        # (the space taken out: the markers after it)
        spans[:] = [(at, at + len(label), label) if x == span else
                    (x[0] + shift, x[1] + shift, x[2]) if x[0] >= end else x for x in spans]
        moved.append((where + (s,), line.line.src, text[:end].split()[-1]))
    return [(src, word) for _, src, word in sorted(moved)]


HEAD_WORDS = 12     # the words of a note's opening looked for in the text
RARE = 6.0          # a word this common (zipf) names nothing: 'the', 'which'


def _named_ahead(text: str, span: tuple[int, int, str], head: str, lang: str = "en") -> int | None:
    """Where the run of the words a note opens with that names most ends, within the line's reach after
    the marker's place (None: none there). A run goes on through the note's small words ('Pope’s
    Head Tavern in Chancery Lane'), a possessive counts as its word ('Bowyer’s'), and a name goes on
    through the capitalised words after it ('Admiral Opdam' for a note on 'the admiral')."""
    from ..hyphenation import _zipf
    named = {_stem(part, lang) for w in WORD.findall(" ".join(head.split()[:HEAD_WORDS]))
             for part in (w, *w.split("-"))}
    best, score, at, end = 0, 0, None, None
    words = list(WORD.finditer(text[span[1]:span[1] + LINE]))
    for k, w in enumerate(words):
        if _stem(w.group(), lang) not in named:
            score = 0
            continue
        if len(w.group()) >= 3 and _zipf(w.group(), lang) < RARE:
            score += 1
            end = k
        if score > best:
            best, at = score, end
    if at is None:
        return None
    while at + 1 < len(words) and words[at + 1].group()[:1].isupper() and \
            text[span[1] + words[at].end():span[1] + words[at + 1].start()] == " ":
        at += 1         # (a name goes on: capitalised words, no punctuation between)
    return span[1] + words[at].end()


def _stem(word: str, lang: str = "en") -> str:
    """A word as a note may name it: its possessive taken off ('Bowyer’s'), in English a plural's 's'
    too ('carpets')."""
    from ..hyphenation import POSSESSIVE
    word = POSSESSIVE.sub("", word).casefold()
    plural = hyphens.english(lang) and len(word) > 3 and word.endswith("s") and not word.endswith("ss")
    return word[:-1] if plural else word


def _closed_ahead(text: str, start: int) -> int | None:
    """The end of the first word within the line's reach that punctuation closes, a capitalised one
    first (what an editor's note annotates is most often a name: 'with the wooden leg, and General
    Penn,'); an initial or a title's abbreviation before a name ('Mr. W. Mountagu') closes nothing."""
    closed = [w for w in WORD.finditer(text[start:start + LINE])
              if (after := text[start + w.end():])[:1] in tuple(",;:!?")
              or (after[:1] == "." and not abbreviated(w.group() + "."))]
    named = [w for w in closed if w.group()[:1].isupper()]
    return start + (named or closed)[0].end() if closed else None


# PyMuPDF's superscript, glued to its word or punctuation, that no note of its page took ('members[54]'):
# the number the book printed raised, written so; the normaliser decides what it is (a stray superscript
# out of the markers' sequence, or a call whose note is missing)
SUPERSCRIPT = re.compile(r"(?<=[^\W\d_]|[.,;:!?’”)_*])\[(\d{1,4})\](?![({])")


def _write(bodies: list[list[Block]], areas: list[Area | None], pages: list[list[Block]],
           markers: list[dict]) -> list[tuple[str, int]]:
    """The pages in the seed's shape: body blocks (headings as '##'), the notes after '---', form feeds."""
    out: list[tuple[str, int]] = []
    for p, body in enumerate(bodies):
        for i, b in enumerate(body):
            if (b.heading and not _runs_on(bodies, p, i) and not _goes_on_from(bodies, p, i)) or \
                    _plain_heading(body, i, p == 0):
                out += [(f"## {b.line.text}", b.line.src), ("", b.line.src)]
            else:
                text = SUPERSCRIPT.sub(r"<sup>\1</sup>", mark(b.line.text, markers[p].get(i, [])))
                out += _soft_hyphens(text, b.line.src) + [("", b.line.src)]
        out += _notes(areas[p], body, pages[p])
        if p < len(bodies) - 1:
            src = pages[p][-1].line.src if pages[p] else 1
            out += [("\f", src), ("", src)]
    return out


def _runs_on(bodies: list[list[Block]], p: int, i: int) -> bool:
    """A block PyMuPDF set as a heading that is a paragraph's first lines: it ends no sentence and the
    next block (on its page, or the next page's first) opens in lower case ('## 21st. So into my naked
    bed … John Goods' above the next page's 'waked me, [by] and by')."""
    body = bodies[p]
    nxt = body[i + 1] if i + 1 < len(body) else bodies[p + 1][0] if p + 1 < len(bodies) and bodies[p + 1] else None
    return nxt is not None and not nxt.heading and nxt.line.text[:1].islower() and unfinished(body[i].line.text)


def _goes_on_from(bodies: list[list[Block]], p: int, i: int) -> bool:
    """A block PyMuPDF set as a heading that is a paragraph's last lines: the page's first, finishing a
    sentence, under the page before's last block broken off mid-sentence ('… reading of Quarles’' and
    '## _Emblems_ .[44] So home and to bed.': a heading does not cut a sentence)."""
    before = bodies[p - 1] if p else []
    return i == 0 and bool(before) and not before[-1].heading and unfinished(before[-1].line.text) \
        and not unfinished(bodies[p][i].line.text)


def _entries(restored: list[str], repaired: int) -> list[dict]:
    entries = []
    if restored:
        entries.append({"kind": Kind.HYPHEN_RESTORED, "line": 1, "before": ", ".join(restored[:8]),
                        "evidence": f"{len(restored)} hyphen(s) PyMuPDF dropped where it ran lines together put back "
                                    f"(the compound elsewhere in the file, or a capital or year after the "
                                    f"lower-case letters that open the word): {', '.join(restored[:8])}"})
    if repaired:
        entries.append({"kind": Kind.SPACING_REPAIRED, "line": 1,
                        "evidence": f"{repaired} space(s) around emphasis, between spaced dots or after a "
                                    f"sign, or accents set apart, repaired ('_Essai_ ,' → '_Essai_,', "
                                    f"'— _A' → '—_A' where the book sets its dashes close, "
                                    f"'Lord.‘ To' → 'Lord.’ To', '. . .' → '…', "
                                    f"'£ 50' → '£50', 'reform´e' → 'reformé')"})
    return entries


def _pages(blocks: list[Block]) -> tuple[list[list[Block]], list[str]]:
    """Pages cut at the furniture: a running head (a short title that recurs, never ending a sentence;
    but the chapter's title, set once as a heading, that the heads after it repeat as text) and folios (bare
    numbers that follow on); a run of them stands between two pages. A page separator
    pymupdf4llm was asked to write ends its page too (taken out with the furniture)."""
    heads: Counter = Counter()
    titles: Counter = Counter()         # (set as headings)
    first_title = set()                 # (set as a heading before any head repeats it)
    for b in blocks:
        key = _head_key(b.line.text) if not b.quote else None
        if key:
            if b.heading and not heads[key]:
                first_title.add(key)
            (titles if b.heading else heads)[key] += 1
    repeated = {k for k in heads | titles if heads[k] + titles[k] >= MIN_REPEATS}
    # (the chapter's title, set once as a heading, that its running heads repeat as text after it:
    # 'March 1659–60'; a head once set as a heading among the others, '_The Diary_', is furniture)
    title = {k for k in repeated & first_title if titles[k] == 1 and heads[k] >= MIN_REPEATS}
    numbers = [(i, _number(b.line.text)) for i, b in enumerate(blocks)]
    numbers = [(i, n) for i, n in numbers if n is not None]
    folios = set()
    for k, (i, n) in enumerate(numbers):      # a folio's neighbouring folio counts on the same way
        for j, m in (numbers[k2] for k2 in (k - 1, k + 1) if 0 <= k2 < len(numbers)):
            if (j - i) * (m - n) > 0 and abs(m - n) <= 3:
                folios.add(i)
    furniture_idx = {i for i, b in enumerate(blocks)
                     if i in folios or (not b.quote and _head_key(b.line.text) in repeated and
                                        not (b.heading and _head_key(b.line.text) in title))}
    pages: list[list[Block]] = [[]]
    removed: list[str] = []
    for i, b in enumerate(blocks):
        if i in furniture_idx or b.page_end:
            removed.append(b.line.text)
            if pages[-1]:
                pages.append([])
            continue
        pages[-1].append(b)
    return [p for p in pages if p] or [[]], removed


def _parted_at_note_runs(page: list[Block]) -> list[list[Block]]:
    """A page cut after each run of notes inside it: a book printed without running heads or folios
    (a word processor's) leaves PyMuPDF nothing else to show where its pages end, and each ends with
    its notes. A run is blocks opening with labels that follow on from the last note (from 1 at the
    start), the first one's marker standing in the text above it on the same page or the one before
    (a note set a page late); the page ends where a block that opens no note follows the run."""
    parts: list[list[Block]] = [[]]
    last: str | None = None
    in_run = False
    skipped: set[str] = set()      # labels the run passed over (PyMuPDF's blocks out of order: '7', '6')
    for b in page:
        label = label_of(b.line.text) if not b.heading else None
        ahead = labels_ahead(last)
        # (the marker looked for in this page's text and the page before's)
        opens = label is not None and (label[0] in ahead or (in_run and label[0] in skipped)) and (
            in_run or referred([x.line for part in parts[-2:] for x in part], label[0]))
        if in_run and not opens:
            parts.append([])
            in_run = False
        if opens:
            if label[0] in ahead:
                skipped = (skipped | set(ahead[:ahead.index(label[0])])) - {label[0]}
                last = label[0]
            else:
                skipped.discard(label[0])
            in_run = True
        parts[-1].append(b)
    return [part for part in parts if part]


def _parted_after_continuations(parts: list[list[Block]]) -> list[list[Block]]:
    """A page without notes of its own, where the note the page before ended with goes on: the
    continuation stands at the page's foot, and the next page's text follows it in the same part (no
    note run to cut at). The continuation is the first block that no paragraph can be (no paragraph
    starts inside another's sentence): one after a block broken off mid-sentence, the text going on in
    lower case after it, or one opening in lower case after a sentence's end; not a block above one
    that stands right above the page's own notes (that one is the note's rest, :func:`_continuations`:
    'for the King’s', 'entertainment. … In the', 'which are stowed in the waist-nettings.', '21 A
    set…'). The part is cut after it, where no note follows it."""
    out: list[list[Block]] = []
    for part in parts:
        before = out[-1] if out else []
        note = next((b for b in reversed(before) if not b.heading), None)
        if note is None or label_of(note.line.text) is None or not unfinished(note.line.text):
            out.append(part)
            continue
        k = _continuation_at(part)
        out += [part[:k + 1], part[k + 1:]] if k is not None else [part]
    return out


def _continuation_at(part: list[Block]) -> int | None:
    """Where in ``part`` (a page's blocks and more) the note that the page before broke off goes on
    (:func:`_parted_after_continuations`), or None."""
    for k in range(1, len(part) - 1):
        b, nxt = part[k], part[k + 1]
        if b.heading or nxt.heading or label_of(nxt.line.text) is not None or label_of(b.line.text):
            continue
        text, above = b.line.text, part[k - 1].line.text
        if k + 2 < len(part) and _opens_note(part[k + 2]):
            continue     # (the block below it stands right above the page's own notes: the note's rest)
        if (ends_mid_sentence(above) and nxt.line.text[:1].islower()) or \
                (text[:1].islower() and ends_sentence(above.rstrip())):
            return k
    return None


def _opens_note(block: Block) -> bool:
    """``block`` opens a note: PyMuPDF's quote, or a block opening with a label."""
    return block.quote or (not block.heading and label_of(block.line.text) is not None)


def _label_after_sentence(text: str, label: str) -> re.Match | None:
    """Where ``label`` opens a note after a sentence's end inside ``text`` ('… pupils”. 14V. V.',
    '… Vice-Admiral. 34—B.', its bracket too, '34)—B.'; not a range after an abbreviation, 'pp.
    18–19'), or glued to a capital, a note's first word, whatever ends the note before ('in _A
    Historical Poem_ :— 55Mary', '1883, p. 290 116Young Edward Montagu'), its full stop glued too
    ('reign. 105.Late the _Naseby_', 'p. 290 116.Young', 'Shepley. 114.—B.'), or after a sentence's end
    glued to the number its note opens with ('Hewer. 4012 Car. II cap. 11': note 40, '12 Car. II')."""
    label = re.escape(label)
    return re.search(rf"(?<=[.!?”’)])\s+{label}(?:[.)]\s?|\s?)(?=[^\W\d_]|[“‘\"(_*]|[—–](?!\d))"
                     rf"|(?<=\S)\s+{label}[.)]?(?=[A-ZÀ-Þ][^\W\d_])"
                     rf"|(?<=[.!?”’)])\s+{label}(?=\d{{1,3}}\s[A-ZÀ-Þ])", text)


RUN_IN = re.compile(r"(?<=\s)(\d{1,3})(?=[A-ZÀ-Þ“‘\"(_*])")


def _notes_run_in(page: list[Block]) -> list[Block]:
    """A note's text that PyMuPDF ran into the end of a body block ('Mrs. Symons, a 21Elizabeth
    Montagu, sister to …'): its label glued to a capital, its marker earlier on the page ('[21]'). The
    block is cut there; the note becomes a block of its own at the same place (the page's foot)."""
    out: list[Block] = []
    for k, b in enumerate(page):
        cut = None
        if not b.quote and not b.heading:
            above = [x.line for x in page[:k]]
            cut = next((m for m in RUN_IN.finditer(b.line.text)
                        if referred(above + [Line(b.line.text[:m.start()], b.line.src)], m.group(1))), None)
        if cut:
            out += [Block(Line(b.line.text[:cut.start()].rstrip(), b.line.src)),
                    Block(Line(b.line.text[cut.start():], b.line.src), quote=True)]
        else:
            out.append(b)
    return out


def _split_notes(page: list[Block]) -> list[Block]:
    """A block holding several notes ('3 Part VIII … 4 Part VIII …'): cut where the next label follows a
    sentence's end. A block after a note's on the page goes on with that note (the page's foot) and is
    cut the same way ('“Officier reformé”. See Diary, October 1st, 1660. 7 John Stokes…')."""
    out: list[Block] = []
    label = None
    for b in page:
        m = re.match(r"^(\d{1,3})\s?\S", b.line.text)
        if b.heading or not (m or label):
            out.append(b)
            label = None
            continue
        text, label = b.line.text, m.group(1) if m else label
        while True:
            nxt = successor(label)
            cut = _label_after_sentence(text, nxt)
            if not cut:
                break
            out.append(Block(Line(text[:cut.start()], b.line.src), b.quote, b.heading))
            text, label = text[cut.start():].lstrip(), nxt
        out.append(Block(Line(text, b.line.src), b.quote, b.heading))
    return out


def _areas(pages: list[list[Block]]) -> list[Area | None]:
    areas: list[Area | None] = []
    prev = None
    for p, page in enumerate(pages):
        before = [b.line for b in pages[p - 1]] if p else []
        area = find_area([b.line for b in page], prev, WIDE, before)
        if area and area.notes:
            prev = area.notes[-1].label
        areas.append(area)
    return areas


ENUMERATOR_CLOSED = re.compile(r"^\S*\d\S*(?:[.:)]\s|\s\()|^\(\S+\)\s")


def _continuations(bodies: list[list[Block]], areas: list[Area | None], pages: list[list[Block]]) -> list[list[Block]]:
    """A note left unfinished at a page's foot goes on at the next page's foot: the quoted blocks right
    above the next page's notes, or the one block there when the note before broke off mid-sentence and
    the block ends the page — unless it is the page's only block and the body before broke off too, or
    it opens as the book's paragraphs do (:func:`_openings`), its enumerator closed ('29th.', '12.',
    '(b)', '26th (Sunday)'; not a note's '19th of that month'), or it neither ends a sentence nor opens
    in lower case below another block ('the custom for both sexes … vol. i p. 90.': no paragraph
    opens so)."""
    openers = _openings(bodies)[0]
    last: Area | None = None
    out = []
    for p, body in enumerate(bodies):
        k = len(body)
        while k > 0 and body[k - 1].quote:
            k -= 1
        if k == len(body) and last and last.notes and body and \
                _goes_on(last.notes[-1], body, areas[p], bodies[p + 1:p + 2]) and \
                (areas[p] is not None or k == len(pages[p])) and \
                (_may_end_note(body[-1], openers) or (len(body) > 1 and body[-1].line.text[:1].islower())
                 or _inside_broken(last.notes[-1], body, bodies[p + 1:p + 2])) and \
                (len(body) > 1 or not (out and out[-1] and not ends_sentence(out[-1][-1].line.text.rstrip()))):
            k -= 1      # (a page's only block goes on with its body when that broke off mid-sentence)
        if 0 < k < len(body) or (k == 0 and body and last):
            cont = body[k:]
            body = body[:k]
            area = areas[p] or Area(k)
            area.start = k
            upcoming = next((n.label for a in areas[p + 1:] if a for n in a.notes if not n.continued), "")
            lines = [b.line for b in cont]
            # (the note's rest set as a list item, under a hanging indent: '- knighted at Breda')
            lines[0] = Line(CONTINUED_ITEM.sub("", lines[0].text), lines[0].src)
            area.notes[:0] = _missing_note(lines, last, area, upcoming)
            areas[p] = area
        out.append(body)
        last = areas[p] if areas[p] else last
    return out


def _inside_broken(note: Note, body: list[Block], after: list[list[Block]]) -> bool:
    """The page's last block stands inside a paragraph's sentence, where no paragraph starts: the
    block above broke off mid-sentence, the next page goes on in lower case, and this one, not
    opening in lower case, does not go on with it. It is the note before's rest where that broke off
    mid-sentence, however it ends ('… of Christ’s College, Cambridge,' and 'October 28th, 1661, sued
    out a mandamus … —Kennett’s _Register_ , p. 552' between '… a great deal of mad stir. There was'
    and 'pulling off Mrs. bride’s … ribbons' overleaf), or where it ends a sentence, however it
    opens ('… with 3s.' and '4d. for each day employed in travelling…', shaped as a diary's '4th.')."""
    return _inside_sentence(body, after) and not body[-1].line.text[:1].islower() and (
        unfinished(" ".join(ln.text for ln in note.lines)) or ends_sentence(body[-1].line.text.rstrip()))


def _inside_sentence(body: list[Block], after: list[list[Block]]) -> bool:
    """The page's last block stands between a block broken off mid-sentence and the next page's text
    going on in lower case: inside that paragraph's sentence."""
    return len(body) > 1 and unfinished(body[-2].line.text.rstrip()) and \
        bool(after and after[0]) and after[0][0].line.text[:1].islower()


def _may_end_note(block: Block, openers: set[str]) -> bool:
    """``block`` may finish a note: it ends a sentence and does not open as the book's paragraphs do."""
    from ..recover.sentences import opening
    text = block.line.text
    return ends_sentence(text.rstrip()) and not (opening(text) in openers and ENUMERATOR_CLOSED.match(text))


def _goes_on(note: Note, body: list[Block], area: Area | None, after: list[list[Block]]) -> bool:
    """The previous page's last note goes on in this page's last block: it broke off mid-sentence, or
    the block, ending a sentence, stands between this page's notes and a paragraph broken off
    mid-sentence that the next page goes on with in lower case (no paragraph starts inside another's
    sentence; a block that breaks off too, 'inscription that was upon King Charles, … From' above
    the notes and 'the Hall I went home' overleaf, is that paragraph's own, parted by the tool)."""
    return unfinished(" ".join(ln.text for ln in note.lines)) or (
        area is not None and not unfinished(body[-1].line.text.rstrip()) and _inside_sentence(body, after))


def _missing_note(cont: list[Line], last: Area | None, area: Area, upcoming: str = "") -> list[Note]:
    """The continuation of the previous page's last note, and the note the label sequence misses
    between that note and this page's first (or, on a page with no note of its own, a later page's
    first), when its label stands in the continuation after a sentence's end ('… and pupils. 14V. V.
    Kuybyshev…' between notes 13 and 15)."""
    prev = last.notes[-1].label if last and last.notes else ""
    first = next((n.label for n in area.notes if not n.continued), "") or upcoming
    want = successor(prev) if prev else ""
    if want and first and first != want and successor(want) == first:
        for i, ln in enumerate(cont):
            cut = _label_after_sentence(ln.text, want)
            if cut:
                head = cont[:i] + [Line(ln.text[:cut.start()], ln.src)]
                tail = [Line(ln.text[cut.end():].lstrip(), ln.src)] + cont[i + 1:]
                return [Note("", head, continued=True), Note(want, tail)]
    return [Note("", cont, continued=True)]


def _plain_heading(body: list[Block], i: int, first_page: bool) -> bool:
    """A block set apart that is a heading: short, ending no sentence, not a page's first or last block
    (those are paragraphs cut by the page break) unless at the chapter's start, and followed by text."""
    text = body[i].line.text
    if len(text) > 120 or text.rstrip()[-1:] in ".,;:!?" or i + 1 >= len(body):
        return False
    if i == 0 and not first_page:
        return False
    return bool(re.match(r"^[\W\d]*[A-ZÀ-Þ]", text))


def _soft_hyphens(text: str, src: int) -> list[tuple[str, int]]:
    """Typst's line-end hyphen (U+00AD) with the two halves run together. Followed by a space, it was a
    break inside a word: the printed line end is put back and the hyphen decided later like any other.
    Followed by the next letter, the halves were a hyphenated compound broken at its hyphen
    ('middle\u00adaged', 'mid\u00ad1930s'): the hyphen is the word's."""
    text = re.sub(r"\u00ad(?=\S)", "-", text)
    parts = re.split(r"\u00ad\s+", text)
    if len(parts) == 1:
        return [(text, src)]
    return [(p + "-", src) for p in parts[:-1]] + [(parts[-1], src)]


def _notes(area: Area | None, body: list[Block], page: list[Block]) -> list[tuple[str, int]]:
    if not area or not area.notes:
        return []
    src = area.notes[0].lines[0].src if area.notes[0].lines else page[-1].line.src
    out = [("---", src), ("", src)]
    for note in area.notes:
        text = " ".join(ln.text for ln in note.lines)
        first = note.lines[0].src if note.lines else src
        out += _soft_hyphens(text if note.continued else f"{note.label} {text}", first) + [("", first)]
    return out
