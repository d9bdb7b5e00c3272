"""Parse Pandoc Markdown into comparable structure (for gold comparisons), with pandoc itself."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pypandoc

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


def parse(markdown: str) -> Structure:
    ast = json.loads(pypandoc.convert_text(markdown, "json", format="markdown-smart"))
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
