"""Mutated chapters (blocks deleted, swapped, split; separators, markers, labels, folios, Markdown and
HTML look-alikes inserted) are normalised without a traceback and without a word lost or invented:
one odd thing never refuses a chapter."""

import random

import pytest

from conftest import DEV_LAYOUTS, SEED
from helpers import normalised

SOURCES = [SEED, *sorted(DEV_LAYOUTS.glob("*.raw.txt"))]
JUNK = ["---", "* * *", "177", "178 A HISTORY OF THE BOOK", "\f", "## Notes", "1. x", "[12]", "¹²", "†", "**",
        "- ", "- 5 text", "<sup>3</sup>", "# T", "(1) The", "12.5 million", "|", "> q", "\\", "$5", "[^3]",
        "```", "::: x", "%", "a-", "self-", "<sup>*</sup>", "I.", "Mrs.", "\ufdd1", "\ue000", "## 2. II: X",
        "<b>bold</b>", "&amp;", "<- sup>", "1<sup>st</sup>", "[link](http://x.org)", "{.hidden}", "@smith"]


def mutate(text: str, rng: random.Random) -> str:
    blocks = text.split("\n\n")
    for _ in range(rng.randint(1, 12)):
        op, i = rng.random(), rng.randrange(len(blocks))
        if op < 0.3:
            blocks.insert(i, rng.choice(JUNK))
        elif op < 0.45 and len(blocks) > 1:
            del blocks[i]
        elif op < 0.6:
            j = rng.randrange(len(blocks))
            blocks[i], blocks[j] = blocks[j], blocks[i]
        elif op < 0.85:
            k = rng.randrange(len(blocks[i]) + 1)
            blocks[i] = blocks[i][:k] + rng.choice(JUNK) + blocks[i][k:]
        else:
            k = rng.randrange(len(blocks[i]) + 1)
            blocks[i] = blocks[i][:k] + "\n\n" + blocks[i][k:]
    return "\n\n".join(blocks)


@pytest.mark.parametrize("case", range(30))
def test_mutated_chapter_keeps_every_word(case, tmp_path):
    rng = random.Random(case)
    source = SOURCES[case % len(SOURCES)]
    path = tmp_path / f"mutated-{case}.txt"
    path.write_text(mutate(source.read_text(encoding="utf-8"), rng), encoding="utf-8")
    result = normalised([path], f"mutated-{case}")          # raises (and fails the test) on a lost or invented word
    assert result.report.stats["words_lost"] == 0 and result.report.stats["words_added"] == 0
