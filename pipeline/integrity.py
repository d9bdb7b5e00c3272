"""The no-loss check: every word of the input must survive in the output, and none be invented.

The input side is the raw text minus page artefacts (``---`` separators, heading marks, list
bullets, ``<sup>N</sup>`` markers, the numbers that open notes) with the logged hyphenation repairs
applied. The output side is what *pandoc* parses from the written Markdown (an independent reader,
so a Markdown mistake that swallows text is caught too). Both are compared as multisets of words.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter

import pypandoc

from .hyphenation import SOFT_HYPHEN

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
TAG = re.compile(r"</?[A-Za-z][^>]*>")
SUP = re.compile(r"<sup>\s*\d+\s*</sup>")
SEP_LINE = re.compile(r"^\s*-{3,}\s*$", re.M)


def input_words(raw_texts: list[str], artefact_tokens: list[str],
                hyphen_repairs: list[tuple[str, str, str]]) -> Counter:
    words: Counter[str] = Counter()
    for text in raw_texts:
        text = SEP_LINE.sub(" ", text)
        text = SUP.sub(" ", text).replace(SOFT_HYPHEN, "")
        text = html.unescape(TAG.sub(" ", text))
        # A word broken by a hyphen and white space counts as its two halves here.
        text = re.sub(r"(?<=[^\W\d_])-(?=\s)", " ", text)
        words.update(WORD.findall(text))
    words.subtract(artefact_tokens)
    for left, right, result in hyphen_repairs:
        words.subtract([left, right])
        words.update([result])
    return words


def output_words(markdown: str) -> Counter:
    # Pandoc drops a definition nobody refers to; count its words all the same (the note-without-marker
    # error reports it), by referring to it from a paragraph added for this check only.
    defined = re.findall(r"^\[\^([^\]\s]+)\]:", markdown, re.M)
    referenced = set(re.findall(r"\[\^([^\]\s]+)\](?!:)", markdown))
    orphans = [label for label in defined if label not in referenced]
    if orphans:
        markdown += "\n\n" + " ".join(f"[^{label}]" for label in orphans) + "\n"
    ast = json.loads(pypandoc.convert_text(markdown, "json", format="markdown-smart"))
    chunks: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            t = node.get("t")
            if t == "Str":
                chunks.append(node["c"])
                return
            if t in ("Space", "SoftBreak", "LineBreak"):
                chunks.append(" ")
                return
            if t in ("RawInline", "RawBlock"):
                # Markup is not words, but text inside raw HTML (e.g. a <script>'s body) is counted
                # on the input side too.
                chunks.append(" " + html.unescape(TAG.sub(" ", node["c"][1])) + " ")
                return
            if t in ("Code", "CodeBlock"):
                chunks.append(" " + node["c"][1] + " ")
                return
            # Block and formatting boundaries separate words, as the markup characters do in the input.
            chunks.append(" ")
            walk(node.get("c"))
            chunks.append(" ")
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(ast["blocks"])
    # A reference without a definition stays literal text in pandoc's reading; it is a marker, not words.
    text = re.sub(r"\[\^[^\]\s]+\]", " ", "".join(chunks))
    return Counter(WORD.findall(text))


def compare(inp: Counter, out: Counter) -> tuple[Counter, Counter]:
    """(lost, added) word multisets; both empty when nothing was lost or invented."""
    lost = Counter({w: c for w, c in (inp - out).items() if c > 0})
    added = Counter({w: c for w, c in (out - inp).items() if c > 0})
    return lost, added
