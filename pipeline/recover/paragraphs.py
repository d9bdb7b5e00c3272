"""Step 4 of recovery: the body text of the pages as headings and paragraphs.

Paragraphs cut by a page break are rejoined when the first part does not end a sentence, or the
second does not start one; where both look complete at a page break the decision is ambiguous and is
reported. Each block is unwrapped and its broken words repaired (:mod:`.breaks`); a printed page's end
is kept as a ``PAGE_BREAK`` mark for the EPUB page list and the PDF.
"""

from __future__ import annotations

import re

from ..corrections.decisions import context_key
from ..hyphenation import LETTER
from ..layout.syntax import short_title
from ..pages import balanced_bidi
from ..model import MARK_OPEN, PAGE_BREAK, Heading, Kind, Paragraph, Report, Severity
from .breaks import Breaks
from .segment import Page
from .sentences import MARKER_RUN, TRAILING_NOISE, abbreviated, ends_sentence, opening

def assemble(pages: list[Page], breaks: Breaks, report: Report,
             width: int = 0) -> list[tuple[Heading | Paragraph, int]]:
    """Headings and paragraphs in reading order, each with the index (in ``pages``) of its page.
    ``width`` is the line width of hard-wrapped text (0: not wrapped)."""
    items: list[tuple[Heading | Paragraph, int]] = []
    last: Paragraph | None = None
    last_line, last_lines = "", []
    # Where the text marks its paragraphs by indenting their first line (an extraction that kept the
    # indents), that is the evidence at a page break: an indented line starts a paragraph, a flush one
    # goes on with the one before.
    firsts = [blk.lines[0] for page in pages for blk in page.body if blk.kind == "text"]
    indented_share = sum(1 for f in firsts if f[:1] in " \t") / len(firsts) if firsts else 0
    use_indents = indented_share >= 0.25 and sum(1 for f in firsts if f[:1] in " \t") >= 3
    numbered = _numbered_paragraphs(pages)
    body_pages = [i for i, p in enumerate(pages) if p.body and not p.section]
    for pos, page in enumerate(pages):
        if page.section:
            last = None
            continue
        page_top = pos != (body_pages[0] if body_pages else 0)
        for blk in page.body:
            if blk.kind == "heading":
                # (a heading the extraction broke over lines: "Conse- quences")
                line, short = short_title(blk.lines[0])
                if short:       # (its words stand in the heading's attribute, not in its text)
                    breaks.ledger.remove(blk.lines[0][len(line):])
                    report.add(Kind.SHORT_TITLE, blk.file, blk.line, before=line.strip(), after=short,
                               evidence=f"running heads show '{short}'")
                items.append((Heading(0, balanced_bidi(breaks.repair(line, blk.file, blk.line)), blk.file, blk.line,
                                      short), pos))
                last = None
                continue
            body = breaks.repair(blk.text, blk.file, blk.line).lstrip(" \t")
            indent = ("indented" if blk.lines[0][:1] in " \t" else "flush") if use_indents else ""
            line_end = ""
            if width and last is not None:
                # Full: the next word would not have fitted, or (proportional type) the line is as long
                # as the shortest of its paragraph's other lines.
                inner = [len(line) for line in last_lines[:-1]]
                full = len(last_line) + 1 + len(blk.lines[0].split(" ")[0]) > width \
                    or (len(inner) >= 2 and len(last_line) >= min(inner))
                line_end = ("full" if full else "short") + f" ({len(last_line)} of ~{width} characters)"
            if numbered and opening(body) and indent != "indented":
                indent = "numbered"      # (a flush page top says nothing where paragraphs are spaced)
            elif numbered and not indent:
                indent = "unnumbered"
            if last is not None and _maybe_join(last, body, blk.file, blk.line, page_top, breaks, report,
                                                line_end, indent):
                page_top = False
                last_line, last_lines = blk.lines[-1], blk.lines
                continue
            last_line, last_lines = blk.lines[-1], blk.lines
            last = Paragraph(body, blk.file, blk.line)
            items.append((last, pos))
            page_top = False
        if last is not None and page.body and not last.text.endswith(PAGE_BREAK):
            last.text += PAGE_BREAK
    return items


# An enumerator opening a paragraph — '(b) So far', 'iii) The', 'a. First' — is no lower-case continuation.
ENUMERATOR = re.compile(r"^[(\[]?(?:[a-z]|[ivxlcdm]{1,6}|\d{1,3})[).\]]\s+\S")


def _maybe_join(last: Paragraph, body: str, file: str, line: int, page_top: bool, breaks: Breaks,
                report: Report, line_end: str = "", indent: str = "") -> bool:
    """``line_end`` (hard-wrapped text): whether the line before the break is full or short;
    ``indent``: whether the second part's first line is ``indented`` or ``flush`` in a text whose
    paragraphs are indented, or opens ``numbered`` or ``unnumbered`` in a text whose paragraphs open
    with a number or a date ("" when the text gives no such evidence)."""
    head = last.text.rstrip()
    at_page_break = page_top or head.endswith(PAGE_BREAK)
    end = TRAILING_NOISE.sub("", head)
    first = re.sub("^" + MARKER_RUN, "", body).lstrip("*_“\"‘'([")
    reasons = []
    if re.search(rf"{LETTER}[-\u00ad]$", end):
        reasons.append("the first part ends with a broken word")
    elif not ends_sentence(end):
        reasons.append(f"the first part ends mid-sentence ('…{end[-25:]}')")
    elif abbreviated(end):
        reasons.append(f"the first part ends with an abbreviation ('…{end[-12:]}')")
    if first[:1].islower() and not ENUMERATOR.match(body.lstrip("*_ ")):
        reasons.append(f"the second part starts in lower case ('{first[:25]}…')")
    elif first[:1] in ",;:)]" or body.startswith(MARK_OPEN):
        reasons.append("the second part starts with punctuation")
    before = head[-70:] + " ¶ " + body[:70]
    ambiguous = False
    if not reasons and at_page_break and indent == "flush":
        reasons.append("the next page's first line is not indented, as the text's paragraphs are: the "
                       "paragraph goes on")
    elif not reasons and at_page_break and indent == "unnumbered":
        reasons.append(f"the text's paragraphs open with a number or a date ('{head_opening(last.text)}'), "
                       f"the next page's text does not: the paragraph goes on")
    elif not reasons and at_page_break and indent == "" and line_end.startswith("full"):
        # Hard-wrapped text: a paragraph's last line is short; a full line means the text went on.
        reasons.append(f"the line before the page break is {line_end}: the paragraph goes on")
        ambiguous = True
    if not reasons and not at_page_break:
        return False
    ruling = report.decide("page-break", context_key(head, body), "join" if reasons else "split")
    where = "at a page break; " if at_page_break else "page break without notes or furniture; "
    if ruling.choice == "join":
        last.text = breaks.join(last.text, body, file, line, page_break=True)
        report.add(Kind.PARAGRAPH_JOIN, file, line, before=before, after=_around_break(last.text),
                   evidence=where + ("; ".join(reasons) or f"page ends with a full sentence ('…{end[-20:]}')"),
                   severity=Severity.AMBIGUOUS if ambiguous else None, ruling=ruling)
        return True
    if reasons:
        report.add(Kind.PARAGRAPH_SPLIT_KEPT, file, line, before=before,
                   evidence=where + "the rule would join: " + "; ".join(reasons), ruling=ruling)
        return False
    short = line_end.startswith("short") or indent in ("indented", "numbered")
    if indent == "numbered":
        report.add(Kind.PARAGRAPH_SPLIT_KEPT, file, line, before=before,
                   evidence=f"page ends with a full sentence ('…{end[-20:]}') and the next page opens with a "
                            f"number or a date ('{head_opening(body)}'), as the text's paragraphs do: kept as "
                            f"two paragraphs", severity=Severity.REPAIR, ruling=ruling)
        return False
    if indent == "indented":
        report.add(Kind.PARAGRAPH_SPLIT_KEPT, file, line, before=before,
                   evidence=f"page ends with a full sentence ('…{end[-20:]}') and the next page's first "
                            f"line is indented, as the text's paragraphs are: kept as two paragraphs",
                   severity=Severity.REPAIR, ruling=ruling)
        return False
    report.add(Kind.PARAGRAPH_SPLIT_KEPT, file, line, before=before,
               evidence=f"page ends with a full sentence ('…{end[-20:]}') and the next page starts "
                        f"a new one ('{body[:20]}…')" + (f"; the line before the break is {line_end}"
                                                          if short else "") + ": kept as two paragraphs",
               severity=Severity.REPAIR if short else None, ruling=ruling)
    return False


NUMBERED = 0.9        # the share of a text's paragraphs that open numbered for that to be its rule
NUMBERED_LEAST = 8


def _numbered_paragraphs(pages: list[Page]) -> bool:
    """Whether the text's paragraphs open with a number or a date (a diary's '3rd.', 'July 1st',
    numbered paragraphs: :func:`.sentences.opening`): at least NUMBERED of the paragraphs that start
    inside a page (a page's first text block may go on from the page before) and NUMBERED_LEAST of
    them. Then a page's first text that opens otherwise goes on with the paragraph before."""
    inner = [blk.text for page in pages for blk in
             [b for b in page.body if b.kind == "text"][1:]]
    numbered = sum(1 for text in inner if opening(text.lstrip(" \t")))
    return numbered >= NUMBERED_LEAST and numbered >= NUMBERED * len(inner)


def head_opening(text: str) -> str:
    """The first words of a paragraph (for a report)."""
    return " ".join(text.split()[:2])


def _around_break(text: str) -> str:
    i = text.rfind(PAGE_BREAK)
    return text[max(0, i - 70): i + 70] if i >= 0 else text[-140:]
