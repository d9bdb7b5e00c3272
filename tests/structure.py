"""Parse Pandoc Markdown into comparable structure (for gold comparisons), with pandoc itself."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline import pandoc

REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")


@dataclass
class Structure:
    blocks: list[tuple]          # ("h", level, text) | ("p", text-with-⟦label⟧-refs)
    notes: dict[str, str]        # label -> note text


def _inline(nodes, out: list[str], notes: list[str]) -> None:
    for n in nodes:
        t = n["t"]
        if t == "Str":
            out.append(n["c"])
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline"):
            mark = {"Emph": "*", "Strong": "**"}.get(t, "")
            out.append(mark); _inline(n["c"], out, notes); out.append(mark)
        elif t == "Quoted":
            q = '"' if n["c"][0]["t"] == "DoubleQuote" else "'"
            out.append(q); _inline(n["c"][1], out, notes); out.append(q)
        elif t == "Span" and "marker-without-note" in n["c"][0][1]:
            # A marker without a note: a span in the pipeline's Markdown, an undefined [^N] in gold files.
            label: list[str] = []
            _inline(n["c"][1], label, notes)
            out.append(f"[^{''.join(label)}]")
        elif t in ("Span", "Link"):
            _inline(n["c"][1], out, notes)
        elif t == "Code":
            out.append(n["c"][1])
        elif t == "Note":
            buf: list[str] = []
            for b in n["c"]:
                if b["t"] in ("Para", "Plain"):
                    part: list[str] = []
                    _inline(b["c"], part, notes)
                    buf.append("".join(part))
            notes.append("\n\n".join(buf))
            out.append("⟦note⟧")
        elif t in ("RawInline",):
            out.append(n["c"][1])


@lru_cache(maxsize=64)
def _read(markdown: str) -> str:
    """Pandoc's JSON reading of the Markdown (the pipeline's runner: one process, no format checks); a
    test comparing with the same gold in several cases reads it once."""
    return pandoc.convert(markdown, "markdown-smart", "json")


def parse(markdown: str) -> Structure:
    ast = json.loads(_read(markdown))
    defined = set(re.findall(r"^\[\^([^\]\s]+)\]:", markdown, re.M))
    labels = [label for label in REF.findall(markdown) if label in defined]
    blocks: list[tuple] = []
    note_texts: list[str] = []
    for b in ast["blocks"]:
        out: list[str] = []
        if b["t"] == "Header":
            _inline(b["c"][2], out, note_texts)
            blocks.append(("h", b["c"][0], "".join(out).strip()))
        elif b["t"] in ("Para", "Plain"):
            _inline(b["c"], out, note_texts)
            blocks.append(("p", "".join(out).strip()))
        else:
            blocks.append((b["t"], json.dumps(b["c"])[:200]))
    assert len(labels) == len(note_texts), (len(labels), len(note_texts))
    it = iter(labels)
    notes: dict[str, str] = {}
    fixed = []
    for blk in blocks:
        if blk[0] == "p":
            text = re.sub("⟦note⟧", lambda m: f"⟦{next(it)}⟧", blk[1])
            blk = ("p", re.sub(r"\s+", " ", text))
        fixed.append(blk)
    for label, text in zip(labels, note_texts):
        notes[label] = re.sub(r"\s+", " ", text).strip()
    return Structure(fixed, notes)


def unlabelled(s: Structure) -> tuple[list[tuple], list[str]]:
    """Blocks with each reference replaced by its note's text (unresolved ones by ⟦?⟧), and the notes
    in reference order: structure compared with labels ignored."""
    def fill(text: str) -> str:
        text = re.sub(r"⟦([^⟧]+)⟧", lambda m: "⟦" + s.notes.get(m.group(1), "?") + "⟧", text)
        return re.sub(r"\[\^[^\]\s]+\]", "⟦?⟧", text)

    blocks = [(b[0], b[1], fill(b[2])) if b[0] == "h" else (b[0], fill(b[1])) if b[0] == "p" else b
              for b in s.blocks]
    return blocks, list(s.notes.values())


def compare(mine: Structure, gold: Structure) -> dict:
    """Counts of exact headings, paragraphs, notes and markers (labels ignored), and word errors."""
    from rapidfuzz.distance import Levenshtein
    mb, mn = unlabelled(mine)
    gb, gn = unlabelled(gold)
    heads_g = [b for b in gb if b[0] == "h"]
    paras_g = [b for b in gb if b[0] == "p"]
    heads_m = [b for b in mb if b[0] == "h"]
    paras_m = [b for b in mb if b[0] == "p"]
    exact_heads = sum(1 for b in heads_g if b in heads_m)
    exact_paras = sum((Counter(paras_g) & Counter(paras_m)).values())
    exact_notes = sum((Counter(gn) & Counter(mn)).values())
    # A marker is exact when it follows the same three words (hyphenation aside: that is counted in the
    # word errors) and points to a note with the same text.
    def markers(blocks):
        out = {}
        for b in blocks:
            text = b[-1]
            for m in re.finditer(r"⟦([^⟧]*)⟧", text):
                before = re.sub(r"⟦[^⟧]*⟧", " ", text[:m.start()]).replace("-", "").split()[-3:]
                key = (tuple(before), m.group(1))
                out[key] = out.get(key, 0) + 1
        return out
    mm, gm = markers(mb), markers(gb)
    exact_markers = sum(min(c, mm.get(k, 0)) for k, c in gm.items())
    words_m = " ".join(b[-1] for b in mb) + " " + " ".join(mn)
    words_g = " ".join(b[-1] for b in gb) + " " + " ".join(gn)
    wm = re.sub(r"⟦[^⟧]*⟧", " ", words_m).split()
    wg = re.sub(r"⟦[^⟧]*⟧", " ", words_g).split()
    # word errors: the word-level edit distance (substitutions, deletions, insertions: what a word error
    # rate counts), by rapidfuzz (difflib's blocks gave the same counts on every comparison of the suite,
    # a few hundred times slower)
    errors = Levenshtein.distance(wg, wm)
    return {"headings": (exact_heads, len(heads_g)), "paragraphs": (exact_paras, len(paras_g)),
            "notes": (exact_notes, len(gn)), "markers": (exact_markers, sum(gm.values())),
            "words": (errors, len(wg))}
