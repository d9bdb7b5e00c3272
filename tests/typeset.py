"""A small typesetter for tests: lay a clean chapter (Pandoc Markdown) out as printed pages and extract
them as the tools do — a raw chapter in a chosen layout — so that the normaliser can be measured on any
chapter in every layout, not only on the five dev-layouts files.

Styles (``Style``): markers ``sup`` / ``superscript`` / ``bracket`` / ``symbol``; numbering ``book``
(the printed labels) or ``page`` (restarting on every page; symbols always do); notes at the page
``foot`` (after ``---``), at the ``top`` (before ``---``), or in a chapter ``section``; running heads and
folios; form feeds; hard-wrapped lines, words hyphenated where the hyphenation patterns allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyphen

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SYMBOLS = "*†‡§‖¶"
REF = re.compile(r"\[\^([^\]]+)\]")


@dataclass
class Style:
    markers: str = "sup"          # sup | superscript | bracket | symbol
    numbering: str = "book"       # book | page
    notes: str = "foot"           # foot | top | section
    furniture: bool = False
    form_feeds: bool = False
    wrap: bool = False            # hard-wrapped lines (else one line per paragraph piece)
    width: int = 68
    page_lines: int = 42
    title: str = "THE BOOK"
    separator: bool = True        # a '---' line between body and notes (pdftotext has none)


def unescape(text: str) -> str:
    """Markdown backslash escapes read back as the characters they stand for (raw text has none)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def parse(markdown: str):
    """[(level, text) | ('p', text)] blocks and {label: note text} of a clean chapter (markers without
    notes left out: the raw text prints none)."""
    blocks, notes = [], {}
    markdown = re.sub(r"\[[^\]]*\]\{\.marker-without-note\}", "", markdown)
    for part in markdown.strip().split("\n\n"):
        part = unescape(part)
        part = part.strip()
        m = re.match(r"^\[\^([^\]]+)\]: (.*)$", part, re.S)
        if m:
            notes[m.group(1)] = m.group(2)
        elif part.startswith("#"):
            level = len(part) - len(part.lstrip("#"))
            blocks.append((level, part[level:].strip()))
        elif part:
            blocks.append(("p", part))
    return blocks, notes


def symbol(k: int) -> str:
    return SYMBOLS[(k - 1) % len(SYMBOLS)] * ((k - 1) // len(SYMBOLS) + 1)


@dataclass
class Page:
    body: list[tuple[object, str]] = field(default_factory=list)   # (paragraph id or 'h', line)
    notes: list[tuple[str, str]] = field(default_factory=list)     # (shown label, note text)
    count: int = 0


class Typesetter:
    def __init__(self, style: Style, lang: str = "en_GB"):
        self.s = style
        self.hyph = pyphen.Pyphen(lang=lang)

    def wrap(self, words: list[str], width: int) -> list[str]:
        lines, line = [], ""
        for w in words:
            if not line:
                line = w
            elif len(line) + 1 + len(_visible(w)) <= width:
                line += " " + w
            else:
                head, tail = self._split(w, width - len(line) - 1)
                if head:
                    lines.append(line + " " + head)
                    line = tail
                else:
                    lines.append(line)
                    line = w
        if line:
            lines.append(line)
        return lines

    def _split(self, word: str, room: int) -> tuple[str, str]:
        """Break ``word`` where a typesetter may, so that its first part and a hyphen fit ``room``."""
        m = re.match(r"^([^\W\d_]+(?:-[^\W\d_]+)*)(.*)$", word)
        if not m or room < 3 or "[^" in word[:room]:
            return "", word
        letters = m.group(1)
        if "-" in letters:                      # a compound breaks at its own hyphen
            i = letters.rfind("-", 0, room)
            return (word[:i + 1], word[i + 1:]) if i > 1 else ("", word)
        for pos in reversed(self.hyph.positions(letters)):
            if pos + 1 <= room and pos >= 2 and len(letters) - pos >= 2:
                return word[:pos] + "-", word[pos:]
        return "", word

    def _shown(self, label: str, page: Page, counter: list[int]) -> str:
        s = self.s
        if s.numbering == "page" or s.markers == "symbol":
            page.count += 1
            k = page.count
        else:
            counter[0] += 1
            k = int(label) if label.isdigit() else counter[0]
        return symbol(k) if s.markers == "symbol" else str(k)

    def _marker(self, shown: str) -> str:
        return {"sup": f"<sup>{shown}</sup>", "bracket": f"[{shown}]", "symbol": shown,
                "superscript": "".join(SUPERSCRIPTS[int(d)] for d in shown) if shown.isdigit() else shown,
                }[self.s.markers]

    def typeset(self, markdown: str, folio: int = 1) -> str:
        s = self.s
        blocks, notes = parse(markdown)
        stream: list[tuple[object, str]] = []
        for pid, blk in enumerate(blocks):
            if blk[0] == "p":
                stream += [(pid, line) for line in self.wrap(blk[1].split(), s.width)]
            else:
                stream.append(("h", "#" * blk[0] + " " + blk[1]))
        pages = [Page()]
        counter = [0]
        section: list[tuple[str, str]] = []

        def note_height(text: str) -> int:
            return len(self.wrap(text.split(), s.width)) + 1

        for pid, line in stream:
            page = pages[-1]
            refs = [m.group(1) for m in REF.finditer(line)] if pid != "h" else []
            need = 1 + (sum(note_height(notes.get(r, "")) for r in refs) if s.notes != "section" else 0)
            used = len(page.body) + sum(note_height(t) for _, t in page.notes) + (2 if page.notes else 0)
            if page.body and used + need > s.page_lines:
                pages.append(Page())
                page = pages[-1]

            def render(m: re.Match) -> str:
                label = m.group(1)
                shown = self._shown(label, page, counter)
                if label in notes:
                    (section if s.notes == "section" else page.notes).append((shown, notes[label]))
                return self._marker(shown)

            page.body.append((pid, REF.sub(render, line) if pid != "h" else line))
        return self._write(pages, section, folio)

    def _write(self, pages: list[Page], section: list[tuple[str, str]], folio: int) -> str:
        s = self.s
        out: list[str] = []
        carry: list[str] = []
        for i, page in enumerate(pages):
            chunks: list[str] = []
            last = None
            for pid, line in page.body:
                if pid == last and pid != "h":
                    chunks[-1] += ("\n" if s.wrap else " ") + line
                else:
                    chunks.append(line)
                last = pid
            note_lines = list(carry)
            carry = []
            last_start = 0
            for shown, text in page.notes:
                if note_lines:
                    note_lines.append("")
                last_start = len(note_lines)
                note_lines += self.wrap((shown + " " + text).split(), s.width)
            room = max(6, s.page_lines - len(page.body) - 2)
            if len(note_lines) > room:
                # The page's last note, too long for it, goes on at the top of the next page's notes,
                # unnumbered (only the last: the notes of a page's markers stand on that page).
                cut = max(room, last_start + 1)
                while cut < len(note_lines) and note_lines[cut - 1] == "":
                    cut += 1
                carry, note_lines = [x for x in note_lines[cut:]], note_lines[:cut]
                while carry and carry[0] == "":
                    carry.pop(0)
            note_text = _join_notes(note_lines, s.wrap)
            parts: list[str] = []
            if s.furniture and i:
                n = folio + i
                parts.append(f"{n} {s.title}" if n % 2 == 0 else f"{s.title} {n}")
            body = "\n\n".join(chunks)
            sep = ["---"] if s.separator else []
            if s.notes == "top" and note_text:
                parts += [note_text, *sep, body]
            else:
                parts.append(body)
                if note_text:
                    parts += [*sep, note_text]
            if s.furniture and i == 0:
                parts.append(str(folio))
            text = "\n\n".join(p for p in parts if p)
            out.append(("\f" if s.form_feeds and i else "") + text)
        text = "\n\n".join(out)
        if section:
            lines: list[str] = []
            for shown, note in section:
                lines += self.wrap((shown + ". " + note).split(), s.width) + [""]
            text += "\n\n## Notes\n\n" + _join_notes(lines, s.wrap)
        return text.strip() + "\n"


def _visible(word: str) -> str:
    return REF.sub("", word)


def _join_notes(lines: list[str], wrapped: bool) -> str:
    """Note lines as blocks: notes separated by blank lines; a note's lines joined unless wrapped."""
    blocks, cur = [], []
    for line in lines + [""]:
        if line == "":
            if cur:
                blocks.append(("\n" if wrapped else " ").join(cur))
            cur = []
        else:
            cur.append(line)
    return "\n\n".join(blocks)
