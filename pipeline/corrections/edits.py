"""An editor's text corrections applied to the recovered chapters (after typography, before Markdown).

``find`` is matched in the text as the clean Markdown reads it, without Markdown escapes: headings,
paragraphs and notes of the named chapter file, each on its own (a correction stays within one
paragraph). A note reference is written ``[^76]``; a correction may move it but never drop or add one.
Page ends inside the text are invisible to the match. Each correction must match exactly ``count``
times, else the build stops naming it; the no-loss check is told which words it changed.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..errors import PipelineError
from ..integrity import Ledger, words
from ..model import MARKER_TOKEN, PAGE_BREAK, Chapter, Heading, Kind, Paragraph, Report, marker_index
from .config import Corrections, Edit

REF = re.compile(r"\[\^([^\]\s]{1,20})\]")
REF_OPEN, REF_CLOSE = "\ufdd9", "\ufdda"     # a note reference inside the matched text
LOCAL_REF = re.compile(REF_OPEN + "([^" + REF_CLOSE + "]*)" + REF_CLOSE)


def apply_edits(chapters: list[Chapter], corrections: Corrections, report: Report,
                ledgers: dict[str, Ledger]) -> None:
    by_file: dict[str, list[Chapter]] = {}
    for ch in chapters:
        by_file.setdefault(Path(ch.source).stem, []).append(ch)
    for edit in corrections.edits:
        chs = by_file.get(edit.chapter)
        if chs is None:
            raise PipelineError(f"{edit.label}: no chapter file '{edit.chapter}' (chapter files: "
                                f"{', '.join(by_file)})", corrections.where, edit.line)
        _apply(edit, chs, corrections, report, ledgers[chs[0].source])


def _apply(edit: Edit, chapters: list[Chapter], corrections: Corrections, report: Report, ledger: Ledger) -> None:
    pattern = _pattern(_local(edit.find))
    replacement = _local(edit.replace)
    places = []
    for owner, text, tokens in _visible(chapters):
        hits = list(pattern.finditer(text))
        if hits:
            places.append((owner, text, hits, tokens))
    found = sum(len(hits) for _, _, hits, _ in places)
    if found != edit.count:
        where = f"; found in: {', '.join(f'{o.file}:{o.line}' for o, *_ in places[:5])}" if places else ""
        raise PipelineError(f"{edit.label} must match {edit.count} time(s) in the clean text but matches "
                            f"{found}{where}; correct find (or count) in {Path(corrections.where).name}"
                            + _quote_hint(edit, chapters), corrections.where, edit.line)
    for owner, text, hits, tokens in places:
        out, end = [], 0
        for m in hits:
            inner = m.group(0)
            if Counter(LOCAL_REF.findall(inner)) != Counter(LOCAL_REF.findall(replacement)):
                raise PipelineError(f"{edit.label}: an edit may move a note reference but not drop or add one "
                                    f"(find has {_refs(inner)}, replace has {_refs(replacement)})",
                                    corrections.where, edit.line)
            # Page ends inside the matched text stay, after the replacement.
            out += [text[end:m.start()], replacement, PAGE_BREAK * inner.count(PAGE_BREAK)]
            end = m.end()
        out.append(text[end:])
        owner.text = _tokens("".join(out), owner.text, tokens)
        report.add(Kind.EDIT_APPLIED, owner.file, owner.line, before=edit.find, after=edit.replace,
                   evidence=f"{len(hits)} of {edit.count}; from {Path(corrections.where).name} line {edit.line}"
                            + (f": {edit.why}" if edit.why else ""))
    before, after = words(_plain(edit.find)), words(_plain(edit.replace))
    ledger.rewrite(before * edit.count, after * edit.count)


QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def _quote_hint(edit: Edit, chapters: list[Chapter]) -> str:
    """When ``find`` matches with its quotes and apostrophes read either way (the clean text sets them
    typographically), the text as it reads there."""
    pattern = _pattern(_local(edit.find).translate(QUOTES))
    for _, text, _ in _visible(chapters):
        m = pattern.search(text.translate(QUOTES))     # one character for one: the same positions
        if m:
            as_set = LOCAL_REF.sub(lambda r: f"[^{r.group(1)}]", text[m.start():m.end()].replace(PAGE_BREAK, ""))
            return f" (the clean text has its quotes and apostrophes set: find {as_set!r})"
    return ""


def _visible(chapters: list[Chapter]):
    """Each heading, paragraph and note of the chapters, its text with note references as matched,
    and its chapter's marker labels."""
    for ch in chapters:
        tokens = {m.index: m.label for m in ch.markers}
        for owner in [*(b for b in ch.blocks if isinstance(b, (Heading, Paragraph))), *ch.notes]:
            yield owner, _visible_refs(owner.text, tokens), tokens


def _local(text: str) -> str:
    """Note references written [^76] as the internal form matched in the text."""
    return REF.sub(lambda m: REF_OPEN + m.group(1) + REF_CLOSE, text)


def _plain(text: str) -> str:
    return REF.sub(" ", text)


def _refs(text: str) -> str:
    refs = LOCAL_REF.findall(text)
    return ", ".join(f"[^{r}]" for r in refs) if refs else "none"


def _pattern(find: str) -> re.Pattern:
    """``find`` matched with any page ends between its characters."""
    return re.compile((PAGE_BREAK + "*").join(re.escape(c) for c in find))


def _visible_refs(text: str, tokens: dict[int, str]) -> str:
    return MARKER_TOKEN.sub(lambda m: REF_OPEN + tokens.get(marker_index(m.group(0)[1:-1]), "?") + REF_CLOSE, text)


def _tokens(text: str, original: str, labels: dict[int, str]) -> str:
    """The note references back as the markers they were (in order, where a label repeats)."""
    by_label: dict[str, list[str]] = {}
    for m in MARKER_TOKEN.finditer(original):
        by_label.setdefault(labels.get(marker_index(m.group(0)[1:-1]), "?"), []).append(m.group(0))
    return LOCAL_REF.sub(lambda m: by_label[m.group(1)].pop(0), text)
