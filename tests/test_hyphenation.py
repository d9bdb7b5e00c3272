import pytest

from pipeline.hyphenation import Dehyphenator
from pipeline.integrity import Ledger
from pipeline.model import Report
from pipeline.normalise import normalise
from pipeline.recover import Breaks


def repair(text, context=()):
    breaks = Breaks(Dehyphenator([text, *context]), Report(), Ledger())
    return breaks.repair(text, "t.txt", 1), breaks.report


def test_broken_word_joined_in_line_and_across_lines():
    assert repair("the indus- trial base")[0] == "the industrial base"
    assert repair("the indus-\ntrial base")[0] == "the industrial base"


def test_real_compounds_keep_their_hyphen():
    assert repair("the first five- year plan")[0] == "the first five-year plan"
    assert repair("the Surgeon- General came")[0] == "the Surgeon-General came"
    assert repair("in King-\nstreet seven")[0] == "in King-street seven"


@pytest.mark.parametrize("broken, expected", [
    ("self-\ngoverning", "self-governing"),      # a prefix that takes a hyphen
    ("ex-\nwife", "ex-wife"),
    ("non-\nEuropean", "non-European"),          # before a capital
    ("twenty-\none", "twenty-one"),              # number compounds
    ("four-\nand-twenty", "four-and-twenty"),
    ("three-\nand-thirty", "three-and-thirty"),
    ("brother-in-\nlaw", "brother-in-law"),     # a compound broken at one of its own hyphens
    ("Vice-Chan-\ncellorship", "Vice-Chancellorship"),   # broken inside its last part: no word after
    ("counter-revolution-\nary", "counter-revolutionary"),
    ("nine-and-twenti-\neth", "nine-and-twentieth"),   # the piece before the break is no word
    ("Saint-Germain-\ndes-Prés", "Saint-Germain-des-Prés"),  # the compound goes on after the break
    ("dis-\ncoursed", "discoursed"),            # rare, but the patterns break it there
    ("peace-\ntalks", "peace-talks"),            # both halves words, the joined form is not
    ("well-\nknown", "well-known"),              # the joined form is rare and patterns would not break there
    ("Ora-\ntor", "Orator"),                     # syllables that are words: the joined form is as common
    ("long-\nterm", "long-term"),                # two words far more common than their joined form
    ("ex-\nample", "example"),                   # prefix-like syllables of common words join
    ("self-\nish", "selfish"),
    ("ex-\nhorted", "exhorted"),
    ("be-\nthink", "bethink"),                   # rare, but hyphenation patterns break it there
    ("post-\nhouse", "posthouse"),               # words that often make closed compounds (warehouse)
    ("sea-\nmen", "seamen"),
    ("sea-\nman’s", "seaman’s"),                 # a possessive is looked up as its word
    ("thick-\nskulled", "thick-skulled"),        # an adjective and a noun + 'ed': a compound adjective
    ("good-\nnatured", "good-natured"),
    ("gold-\nsmith's", "goldsmith's"),
    ("drawing-\nroom", "drawing-room"),          # 'drawing' opens no closed compounds
    ("con-\nsidering", "considering"),
    ("Ka-\nmenev", "Kamenev"),                   # fragments of a name
    ("Sal-\nway", "Salway"),                     # a name broken at a syllable
    ("Queen-\nmother", "Queen-mother"),          # a compound of two common words
])
def test_compound_or_broken_word_at_a_line_end(broken, expected):
    text, _ = repair(f"they said {broken} then")
    assert text == f"they said {expected} then"
    assert "- " not in text                      # never a space inside a word


def test_document_is_its_own_dictionary():
    # 'remilitarization' is a (rare) dictionary word, but the book writes it hyphenated elsewhere.
    text, _ = repair("path to its re- militarization", ["opposed the re-militarization of Germany"])
    assert text == "path to its re-militarization"
    text, _ = repair("a post-\nhouse letter", ["the posthouse was shut"])
    assert text == "a posthouse letter"
    # another form of the word is evidence too: the book's 'wine-houses' keeps 'wine-⏎house' whole,
    # which the closed compounds 'wine' and 'house' make would have joined (a Typst print of pepys-02)
    assert repair("the Rhenish wine-\nhouse, and", ["several Rhenish wine-houses in London"])[0] == \
        "the Rhenish wine-house, and"
    assert repair("the Rhenish wine-\nhouse, and", ["several Rhenish winehouses in London"])[0] == \
        "the Rhenish winehouse, and"


def test_a_capital_after_the_break_joins_only_into_a_word_written_with_it():
    # The book closes 'coffeehouse' where it writes it in lower case; 'Coffee-⏎House' capitalises a word
    # of its own (pepys-01-typst), and 'McDonald' is a word the book writes with its inner capital.
    book = ["to the Coffeehouse, but tarried not", "went to the Coffeehouse again", "Mr. McDonald came"]
    assert repair("with Muddiman to the Coffee-\nHouse, and", book)[0] == "with Muddiman to the Coffee-House, and"
    assert repair("then Mc-\nDonald said", book)[0] == "then McDonald said"
    assert repair("to the coffee-\nhouse, and", book)[0] == "to the coffeehouse, and"


def test_names_and_fragments_join_and_are_reported():
    text, report = repair("Mr. Crum- lum had lately got")
    assert text == "Mr. Crumlum had lately got"
    assert [e.severity for e in report.entries] == ["ambiguous"]


def test_soft_hyphens_and_suspended_compounds():
    assert repair("the congrega\u00adtion taken")[0] == "the congregation taken"
    assert repair("pre- and post-war")[0] == "pre- and post-war"
    assert repair("two- or three-day")[0] == "two- or three-day"


def test_word_split_across_a_page_break(tmp_path):
    raw = "## 1. T\n\nA paragraph<sup>1</sup> about indus-\n\n---\n\n1 A note.\n\ntrial growth.\n"
    (tmp_path / "t.txt").write_text(raw, encoding="utf-8")
    md = normalise([tmp_path / "t.txt"]).markdown()
    assert "A paragraph[^1] about industrial growth." in md
    assert "[^1]: A note." in md


def test_compound_split_across_a_page_break(tmp_path):
    raw = "## 1. T\n\nThey were self-\n\n---\n\nsufficient, and more.\n"
    (tmp_path / "t.txt").write_text(raw, encoding="utf-8")
    assert "They were self-sufficient, and more." in normalise([tmp_path / "t.txt"]).markdown()
