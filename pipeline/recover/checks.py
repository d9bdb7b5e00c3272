"""Step 7 of recovery: what recovery could not resolve, and what looks wrong in the text."""

from __future__ import annotations

import re
import unicodedata

from ..model import Chapter, Report


def unresolved(chapter: Chapter, report: Report) -> None:
    for m in chapter.markers:
        if m.note is None:
            report.add("marker-without-note", m.file, m.line, before=m.printed,
                       evidence=f"marker {m.printed} has no note")
    for n in chapter.notes:
        if not n.referenced:
            report.add("note-without-marker", n.file, n.line, before=n.text,
                       evidence=f"note {n.printed} has no marker in the text")


def scripts(chapter: Chapter, report: Report) -> None:
    texts = [(b.text, b.file, b.line) for b in chapter.blocks] + [(n.text, n.file, n.line) for n in chapter.notes]
    for text, file, line in texts:
        if text.isascii():
            continue
        for word in re.findall(r"\w*[^\x00-\x7f]\w*", text):
            found = {_script(c) for c in word if c.isalpha()}
            if {"LATIN", "CYRILLIC"} <= found or {"LATIN", "GREEK"} <= found:
                report.add("mixed-script", file, line, before=word,
                           evidence="word mixes " + " and ".join(sorted(found - {None})) +
                                    " letters (look-alike characters?); left unchanged")


MARKUP = re.compile(r"</?(?!su[bp]>)[A-Za-z][^<>\n]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def markup(chapter: Chapter, report: Report) -> None:
    """HTML tags and entities are the manuscript's text: the writer escapes them so they print as written."""
    texts = [(b.text, b.file, b.line) for b in chapter.blocks] + [(n.text, n.file, n.line) for n in chapter.notes]
    for text, file, line in texts:
        found = MARKUP.findall(text) if "<" in text or "&" in text else []
        if found:
            report.add("raw-html-escaped", file, line, before=" ".join(dict.fromkeys(found)),
                       evidence="HTML markup in the manuscript is shown as text, never as markup")


def _script(ch: str) -> str | None:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return None
