"""Stage 2: recover notes, paragraphs and words from the blocks of raw chapters.

The raw text is a sequence of printed pages: body paragraphs, then (after ``---``) the page's notes.
This stage walks the blocks of a chapter with two states, *body* and *notes*, and decides from
evidence where a note block ends and the next page's body begins:

- a numbered block ``N text`` is a note when N is the next expected number or a marker ``<sup>N</sup>``
  already seen in the body awaits its note;
- an unnumbered block at the top of a note block continues the previous page's last note;
- anything else in a note block means the next page's body has begun.

Paragraphs cut by a page break are rejoined when the first part does not end a sentence, or the
second does not start one; where both look complete the decision is ambiguous and is reported.
"""

from __future__ import annotations

import re
import unicodedata

from .hyphenation import BREAK, LETTER, SOFT_HYPHEN, Dehyphenator
from .model import PAGE_BREAK, Chapter, Heading, Note, Paragraph, RawBlock, Report
from .pages import HEADING

NOTE_START = re.compile(r"^(\d{1,4})[.)]?[ \t]+(?=\S)")
LIST_NOTE = re.compile(r"^\s*[-*•][ \t]*(?:(\d{1,4})[ \t]+(?=\S))?")
MARKER = re.compile(r"<sup>\s*(\d{1,4})\s*</sup>")
TRAILING_NOISE = re.compile(r"(\s|<sup>\s*\d+\s*</sup>|[*_]|" + PAGE_BREAK + r")+$")
SENTENCE_END = tuple(".!?:;…\"'”’»)]")
SOFT_BREAK = re.compile(SOFT_HYPHEN + r"[ \t]*\n?[ \t]*")


class Numbering:
    """Note numbering state that runs across the chapters of a book."""

    def __init__(self) -> None:
        self.expected: int | None = None
        self.defined: set[str] = set()


class Recoverer:
    def __init__(self, dehyphenator: Dehyphenator, report: Report, numbering: Numbering | None = None):
        self.dehyph = dehyphenator
        self.report = report
        self.numbering = numbering or Numbering()
        # Tokens removed as page artefacts (note numbers), for the no-loss check.
        self.artefact_tokens: list[str] = []
        # Hyphen breaks repaired: (left, right, result) for the no-loss check.
        self.hyphen_repairs: list[tuple[str, str, str]] = []

    # ----------------------------------------------------------------- text repairs
    def repair_breaks(self, text: str, file: str, line: int) -> str:
        """Rejoin words broken at line ends inside one block; line breaks become spaces."""
        if SOFT_HYPHEN in text:
            count = text.count(SOFT_HYPHEN)
            text = SOFT_BREAK.sub("", text)
            self.report.add("soft-hyphen", file, line, evidence=f"{count} soft hyphen(s) (U+00AD) removed")

        def fix(m: re.Match) -> str:
            left, ws, right = m.group(1), m.group(2), m.group(3)
            at = line + text.count("\n", 0, m.start())
            return self._hyphen(left, right, file, at, text[max(0, m.start() - 30):m.end() + 30],
                                _token_before(text[:m.end(1)]), _token_after(text[m.end():]))

        text = BREAK.sub(fix, text)
        return re.sub(r"[ \t]*\n[ \t]*", " ", text)

    def _hyphen(self, left: str, right: str, file: str, line: int, context: str,
                left_token: str, right_token: str) -> str:
        """Decide one break; returns the text replacing ``left-<ws>`` (``right`` stays in place).

        ``left_token``/``right_token`` are the whole words around the break as the no-loss check
        counts them (``brother-in`` / ``law``).
        """
        if self.dehyph.is_suspended(right):
            return f"{left}- "
        d = self.dehyph.decide(left, right)
        self.hyphen_repairs.append((left_token, right_token, left_token + ("" if d.join else "-") + right_token))
        kind = "dehyphenate" if d.join else "hyphen-kept"
        self.report.add(kind, file, line, before=context, after=d.result, evidence=d.evidence,
                        severity="ambiguous" if d.ambiguous else "repair")
        return left if d.join else left + "-"

    def join_across(self, first: str, second: str, file: str, line: int, page_break: bool) -> str:
        """Join two pieces of one paragraph (or note) cut at a block boundary."""
        first = first.rstrip()
        had_break = first.endswith(PAGE_BREAK)
        first = first.rstrip(PAGE_BREAK).rstrip()
        mark = PAGE_BREAK if (page_break or had_break) else ""
        m = re.search(rf"({LETTER}(?:{LETTER}|['’])*)-$", first)
        n = re.match(rf"({LETTER}(?:{LETTER}|['’])*)", second)
        if m and n and not self.dehyph.is_suspended(n.group(1)):
            left, right = m.group(1), n.group(1)
            kept = self._hyphen(left, right, file, line, first[-30:] + " ⏎ " + second[:30],
                                _token_before(first[:-1]), _token_after(second))
            rest = second[len(right):]
            # The page ended inside the word: its break mark goes after the word.
            return first[: m.start()] + kept + right + mark + rest
        return first + mark + " " + second

    # ----------------------------------------------------------------- chapter walk
    def recover(self, blocks: list[RawBlock], file: str) -> Chapter:
        chapter = Chapter(file)
        num = self.numbering
        pending: dict[str, int] = {}  # marker label -> line, seen in the body, note not yet found
        seen_markers: set[str] = set()
        chapter_notes: list[Note] = []
        state = "body"
        notes_in_block = 0
        last_body: Paragraph | None = None
        last_note: Note | None = None
        headings = 0

        def end_page() -> None:
            if last_body is not None and not last_body.text.endswith(PAGE_BREAK):
                last_body.text += PAGE_BREAK

        def accept(n: int) -> bool:
            return str(n) in pending or (num.expected is not None and n == num.expected) or (
                num.expected is None and not pending)

        def add_note(n: int, body: str, blk: RawBlock, line: int) -> Note:
            label = str(n)
            if label in num.defined:
                self.report.add("duplicate-note", blk.file, line, before=body,
                                evidence=f"note {label} is defined twice", severity="error")
                label = f"{label}-{sum(1 for x in chapter_notes if x.label.startswith(label)) + 1}"
            elif num.expected is not None and n != num.expected:
                self.report.add("note-out-of-order", blk.file, line, before=body,
                                evidence=f"expected note {num.expected}, found {n}", severity="warning")
            self.artefact_tokens.append(str(n))
            note = Note(label, self.repair_breaks(body, blk.file, line), blk.file, line)
            chapter_notes.append(note)
            num.defined.add(label)
            pending.pop(str(n), None)
            num.expected = max(num.expected or 0, n + 1)
            return note

        def continue_note(text: str, blk: RawBlock) -> None:
            assert last_note is not None
            last_note.text = self.join_across(last_note.text, self.repair_breaks(text, blk.file, blk.line),
                                              blk.file, blk.line, page_break=False).replace(PAGE_BREAK, "")
            self.report.add("note-continuation", blk.file, blk.line, before=text,
                            after=f"[^{last_note.label}]: …" + last_note.text[-80:],
                            evidence=f"unnumbered text at the top of a note block continues note "
                                     f"{last_note.label} from the previous page")

        queue = list(reversed(blocks))
        while queue:
            blk = queue.pop()
            if blk.kind == "heading":
                m = HEADING.match(blk.lines[0])
                assert m
                headings += 1
                level = 1 if headings == 1 else 2
                if len(m.group(1)) != level:
                    self.report.add("heading-level", blk.file, blk.line, before=blk.lines[0],
                                    after="#" * level + " " + m.group(2),
                                    evidence="chapter heading is level 1" if level == 1
                                    else "sections of a chapter are level 2")
                if headings == 1 and chapter.blocks:
                    self.report.add("text-before-heading", blk.file, blk.line,
                                    evidence="text precedes the chapter heading", severity="warning")
                chapter.blocks.append(Heading(level, m.group(2), blk.file, blk.line))
                state, last_body = "body", None
                continue

            if blk.kind == "separator":
                end_page()
                state, notes_in_block = "notes", 0
                continue

            if blk.kind == "list" and self._is_note_list(blk, accept):
                if state == "body":
                    end_page()
                    self.report.add("note-block-reshaped", blk.file, blk.line, before=blk.text,
                                    evidence="a list of numbered notes without a '---' separator")
                else:
                    self.report.add("note-block-reshaped", blk.file, blk.line, before=blk.text,
                                    evidence="notes written as a list")
                state = "notes"
                for item, line in self._list_items(blk):
                    m = LIST_NOTE.match(item)
                    body = item[m.end():].strip()
                    if m.group(1) and accept(int(m.group(1))):
                        last_note = add_note(int(m.group(1)), body, blk, line)
                        notes_in_block += 1
                    elif body and last_note is not None:
                        continue_note(body, RawBlock("text", [body], blk.file, line))
                    elif body:
                        chapter.blocks.append(Paragraph(self.repair_breaks(item, blk.file, line), blk.file, line))
                    else:
                        self.report.add("empty-list-item", blk.file, line, before=item,
                                        evidence="empty bullet in a note list dropped")
                continue

            if state == "notes" and blk.kind == "text" and len(blk.lines) > 1:
                # Notes set one per line with no blank line between: split before each line that
                # starts with the next note's number.
                first = NOTE_START.match(blk.lines[0])
                nxt = int(first.group(1)) + 1 if first else num.expected
                for j in range(1, len(blk.lines)):
                    mj = NOTE_START.match(blk.lines[j])
                    if mj and (int(mj.group(1)) == nxt or mj.group(1) in pending):
                        queue.append(RawBlock("text", blk.lines[j:], blk.file, blk.line + j))
                        blk = RawBlock("text", blk.lines[:j], blk.file, blk.line)
                        break
            text = blk.text
            m = NOTE_START.match(text)
            if state == "notes":
                # A number just used by the note above is a duplicate note, not the next page's body.
                is_note = bool(m) and (accept(int(m.group(1))) or (last_note is not None and notes_in_block
                                                                   and m.group(1) == last_note.label.split("-")[0]))
                if is_note and str(int(m.group(1))) not in pending and last_body is not None \
                        and _ends_mid_sentence(last_body.text) and text[m.end():][:1].islower():
                    # No marker awaits this number, the page before broke off mid-sentence and the
                    # text goes on in lower case: it is that sentence going on ("2 million people…").
                    self.report.add("number-start-kept-as-body", blk.file, blk.line, before=text,
                                    severity="ambiguous",
                                    evidence=f"'{m.group(1)}' could be note {m.group(1)}, but no marker awaits it "
                                             f"and it continues the sentence cut at the page end")
                    is_note = False
                if is_note:
                    last_note = add_note(int(m.group(1)), text[m.end():], blk, blk.line)
                    notes_in_block += 1
                    continue
                if notes_in_block == 0 and last_note is not None:
                    continue_note(text, blk)
                    notes_in_block = 1  # a second unnumbered block is the next page's body
                    continue
                if notes_in_block == 0:
                    self.report.add("orphan-note-text", blk.file, blk.line, before=text, severity="warning",
                                    evidence="unnumbered text after '---' with no earlier note: kept as body text")
                page_top = True
                state = "body"
            else:
                page_top = False
                if m and str(int(m.group(1))) in pending and int(m.group(1)) == num.expected:
                    end_page()
                    self.report.add("note-block-reshaped", blk.file, blk.line, before=text,
                                    evidence=f"note {m.group(1)} follows its marker's page without '---'")
                    state, notes_in_block = "notes", 1
                    last_note = add_note(int(m.group(1)), text[m.end():], blk, blk.line)
                    continue

            body = self.repair_breaks(text, blk.file, blk.line)
            for label in MARKER.findall(body):
                label = str(int(label))
                if label in seen_markers:
                    self.report.add("duplicate-marker", blk.file, blk.line, before=body,
                                    evidence=f"marker {label} appears twice", severity="error")
                seen_markers.add(label)
                pending.setdefault(label, blk.line)
                if num.expected is None:
                    num.expected = int(label)
            if last_body is not None:
                joined = self._maybe_join(last_body, body, blk, page_top)
                if joined:
                    continue
            last_body = Paragraph(body, blk.file, blk.line)
            chapter.blocks.append(last_body)

        # The chapter's last page ends with the chapter: no page starts after it.
        for block in reversed(chapter.blocks):
            if isinstance(block, Paragraph):
                if block.text.endswith(PAGE_BREAK):
                    block.text = block.text.rstrip(PAGE_BREAK)
                break
        if headings == 0:
            self.report.add("no-chapter-heading", file, 1, evidence="chapter has no heading", severity="warning")
        for label, line in pending.items():
            self.report.add("marker-without-note", file, line, before=f"<sup>{label}</sup>",
                            evidence=f"marker {label} has no note", severity="error")
        for note in chapter_notes:
            base = note.label.split("-")[0]
            if base not in seen_markers:
                self.report.add("note-without-marker", note.file, note.line, before=note.text,
                                evidence=f"note {note.label} has no marker in the text", severity="error")
        chapter.notes = chapter_notes
        self._check_scripts(chapter)
        return chapter

    # ----------------------------------------------------------------- evidence
    def _maybe_join(self, last: Paragraph, body: str, blk: RawBlock, page_top: bool) -> bool:
        head = last.text.rstrip()
        at_page_break = page_top or head.endswith(PAGE_BREAK)
        end = TRAILING_NOISE.sub("", head)
        first = body.lstrip("*_“\"‘'([")
        reasons = []
        if re.search(rf"{LETTER}-$", end):
            reasons.append("the first part ends with a broken word")
        elif _ends_mid_sentence(end):
            reasons.append(f"the first part ends mid-sentence ('…{end[-25:]}')")
        if first[:1].islower():
            reasons.append(f"the second part starts in lower case ('{body[:25]}…')")
        elif first[:1] in ",;:)]" or body.startswith("<sup>"):
            reasons.append("the second part starts with punctuation")
        before = head[-70:] + " ¶ " + body[:70]
        if reasons:
            last.text = self.join_across(last.text, body, blk.file, blk.line, page_break=True)
            self.report.add("paragraph-join", blk.file, blk.line, before=before, after=_around_break(last.text),
                            evidence=("page break after notes; " if page_top else
                                      "page break without notes (no '---'); ") + "; ".join(reasons))
            return True
        if at_page_break:
            self.report.add("paragraph-split-kept", blk.file, blk.line, before=before, severity="ambiguous",
                            evidence=f"page ends with a full sentence ('…{end[-20:]}') and the next page starts "
                                     f"a new one ('{body[:20]}…'): kept as two paragraphs")
        return False

    def _is_note_list(self, blk: RawBlock, accept) -> bool:
        numbers = [LIST_NOTE.match(item).group(1) for item, _ in self._list_items(blk)]
        found = [int(n) for n in numbers if n]
        return bool(found) and accept(found[0])

    @staticmethod
    def _list_items(blk: RawBlock) -> list[tuple[str, int]]:
        items: list[tuple[str, int]] = []
        for i, line in enumerate(blk.lines):
            if LIST_NOTE.match(line) and (line.lstrip()[:1] in "-*•"):
                items.append((line, blk.line + i))
            elif items:
                items[-1] = (items[-1][0] + "\n" + line, items[-1][1])
            else:
                items.append((line, blk.line + i))
        return items

    def _check_scripts(self, chapter: Chapter) -> None:
        texts = [(b.text, b.file, b.line) for b in chapter.blocks] + [(n.text, n.file, n.line) for n in chapter.notes]
        for text, file, line in texts:
            for word in re.findall(r"\w+", text):
                scripts = {_script(c) for c in word if c.isalpha()}
                if {"LATIN", "CYRILLIC"} <= scripts or {"LATIN", "GREEK"} <= scripts:
                    self.report.add("mixed-script", file, line, before=word, severity="warning",
                                    evidence="word mixes " + " and ".join(sorted(scripts - {None})) +
                                             " letters (look-alike characters?); left unchanged")


def _ends_mid_sentence(text: str) -> bool:
    return not TRAILING_NOISE.sub("", text).endswith(SENTENCE_END)


def _token_before(text: str) -> str:
    m = re.search(r"[^\W_]+(?:['’\-][^\W_]+)*$", text)
    return m.group(0) if m else ""


def _token_after(text: str) -> str:
    m = re.match(r"[^\W_]+(?:['’\-][^\W_]+)*", text)
    return m.group(0) if m else ""


def _script(ch: str) -> str | None:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return None


def _around_break(text: str) -> str:
    i = text.rfind(PAGE_BREAK)
    return text[max(0, i - 70): i + 70] if i >= 0 else text[-140:]
