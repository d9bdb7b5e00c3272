"""The report's catalogue: every kind of entry a stage may report, with its default severity and what it
means to an editor (pandoc's ``LogMessage`` and ``messageVerbosity``). Call sites name a member
(``report.add(Kind.DEHYPHENATE, …)``); reports and the review keep its value, the kind's name
(``"dehyphenate"``)."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How much an entry asks of the editor (pandoc's log verbosity): a repair made, a reading an editor
    may overturn, something to look at, something that stops a release."""
    REPAIR = "repair"
    AMBIGUOUS = "ambiguous"
    WARNING = "warning"
    ERROR = "error"


class Kind(StrEnum):
    """The catalogue of report kinds (pandoc's ``LogMessage``): each with its default severity and what
    it means (shown to editors). A kind's value is its name in reports (``Kind.DEHYPHENATE ==
    "dehyphenate"``); a name that is no kind is refused (``Kind("x")`` raises)."""

    severity: Severity
    meaning: str

    def __new__(cls, value: str, severity: Severity, meaning: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.meaning = meaning
        return member

    # pages and layout
    LAYOUT = "layout", Severity.REPAIR, "the page layout detected for a chapter file"
    FURNITURE_REMOVED = "furniture-removed", Severity.REPAIR, "running heads and folios removed (page furniture)"
    NONCHARACTER_REMOVED = "noncharacter-removed", Severity.WARNING, "Unicode noncharacters are not text; removed"
    FORM_FEED = "form-feed", Severity.REPAIR, "form feeds read as page breaks"
    INPUT_DIALECT = ("input-dialect", Severity.REPAIR, "the tool whose text a file is (pdftotext, PyMuPDF, the "
                     "seed's shape) and how it was read into pages")
    # notes
    NOTE_CONTINUATION = ("note-continuation", Severity.REPAIR,
                         "unnumbered text in a note block continues the previous page's note")
    NOTE_BLOCK_RESHAPED = "note-block-reshaped", Severity.REPAIR, "a note block in another shape was read as notes"
    NOTES_SECTION = ("notes-section", Severity.REPAIR,
                     "a notes section at the chapter's end was read as the chapter's notes")
    NOTES_RENUMBERED = ("notes-renumbered", Severity.REPAIR,
                        "printed note labels repeat in the book: notes numbered in reading order")
    EMPTY_LIST_ITEM = "empty-list-item", Severity.REPAIR, "empty bullet in a note list dropped"
    NUMBER_START_KEPT_AS_BODY = ("number-start-kept-as-body", Severity.AMBIGUOUS,
                                 "a number opening a block could be a note, kept as body")
    NUMBER_READ_AS_NOTE = ("number-read-as-note", Severity.REPAIR,
                           "a number opening a block read as a note (an editor's ruling)")
    ORPHAN_NOTE_TEXT = ("orphan-note-text", Severity.WARNING,
                        "unnumbered text in a note block with no earlier note: kept as body")
    MARKER_WITHOUT_NOTE = "marker-without-note", Severity.ERROR, "a note marker whose note is missing"
    NOTE_WITHOUT_MARKER = "note-without-marker", Severity.ERROR, "a note that no marker refers to"
    DUPLICATE_NOTE = "duplicate-note", Severity.ERROR, "a note label defined twice where it must be unique"
    DUPLICATE_MARKER = "duplicate-marker", Severity.ERROR, "a marker used twice"
    SUPERSCRIPT_KEPT = ("superscript-kept", Severity.WARNING,
                        "a superscript number with no note in its scope, out of the sequence of the markers "
                        "around it: kept as a superscript, not linked")
    NOTE_OUT_OF_ORDER = "note-out-of-order", Severity.WARNING, "a note number out of sequence"
    NOTES_UNRESOLVED = ("notes-unresolved", Severity.ERROR,
                        "no notes found although numbers glued to words count 1, 2, 3 … (unlinked markers)")
    PARAGRAPHS_UNRESOLVED = ("paragraphs-unresolved", Severity.ERROR,
                             "a long chapter read as one or two paragraphs: its breaks were not found")
    # paragraphs and words
    PARAGRAPH_JOIN = "paragraph-join", Severity.REPAIR, "two pieces of one paragraph cut by a page break joined"
    MARKER_MOVED = ("marker-moved", Severity.AMBIGUOUS,
                    "a marker a tool set at its printed line's start moved to the words its note names")
    PARAGRAPH_SPLIT = ("paragraph-split", Severity.REPAIR,
                       "paragraphs a tool ran into one block parted where the book's paragraphs open")
    PARAGRAPH_SPLIT_KEPT = ("paragraph-split-kept", Severity.AMBIGUOUS,
                            "a page break between complete sentences kept as a paragraph break")
    DEHYPHENATE = "dehyphenate", Severity.REPAIR, "a word broken by hyphenation joined"
    HYPHEN_KEPT = "hyphen-kept", Severity.REPAIR, "a hyphen at a break kept (a compound)"
    SPACING_REPAIRED = ("spacing-repaired", Severity.REPAIR,
                        "a tool's spaces around emphasis or between spaced dots repaired")
    HYPHEN_RESTORED = ("hyphen-restored", Severity.REPAIR,
                       "lines a tool ran together at a hyphen cut again there, the hyphen put back")
    SOFT_HYPHEN = "soft-hyphen", Severity.REPAIR, "soft hyphens removed"
    LOOSE_LINE_REJOINED = ("loose-line-rejoined", Severity.REPAIR,
                           "the words of a loosely set line, set apart one a line by the text tool, put back")
    BACK_LINK_REMOVED = ("back-link-removed", Severity.REPAIR,
                         "an endnote's back-link arrow (↩) that a tool gave as text taken out")
    LINK_REMOVED = ("link-removed", Severity.WARNING,
                    "a link whose target is not http(s) or mailto: its text kept, the link dropped")
    IMAGE_REMOVED = ("image-removed", Severity.WARNING,
                     "an image: not part of the manuscript model, its description kept")
    INVISIBLE_CHARACTER = ("invisible-character", Severity.WARNING,
                           "an invisible or bidirectional control character, with its place")
    UNREADABLE_CHARACTER = ("unreadable-character", Severity.WARNING,
                            "U+FFFD, written by a text tool for a glyph it could not read, with its place: the "
                            "book prints a character there")
    MIXED_SCRIPT = "mixed-script", Severity.WARNING, "a word mixing scripts (look-alike letters?)"
    RAW_HTML_ESCAPED = ("raw-html-escaped", Severity.WARNING,
                        "HTML markup in the manuscript is shown as text, never as markup")
    MARKUP_ESCAPED = ("markup-escaped", Severity.WARNING,
                      "Markdown syntax in the manuscript is shown as written, never as markup")
    QUOTE_SPACE_RESTORED = ("quote-space-restored", Severity.REPAIR,
                            "a double quotation mark printed between two words given the space it lacks, on "
                            "the side its pair shows (and”pupils” → and “pupils”)")
    TYPOGRAPHIC_QUOTES = ("typographic-quotes", Severity.REPAIR,
                          "straight quotes and apostrophes set as the language's typographic ones")
    # headings
    HEADING_LEVEL = "heading-level", Severity.REPAIR, "heading level set: 1 for a chapter, 2 for a section"
    CHAPTER_SPLIT = "chapter-split", Severity.REPAIR, "a heading shaped like the chapter heading starts a new chapter"
    HEADING_KEPT_AS_SECTION = ("heading-kept-as-section", Severity.AMBIGUOUS,
                               "a heading shaped like the chapter heading, kept as a section")
    HEADING_NOTE = "heading-note", Severity.REPAIR, "a marker in a heading became a note on the heading"
    COVER_CHECKED = ("cover-checked", Severity.WARNING,
                     "the cover image is smaller or of other proportions than stores ask, or was converted")
    COVER_GENERATED = "cover-generated", Severity.REPAIR, "no cover in book.yaml: a typographic cover was made"
    SHORT_TITLE = ("short-title", Severity.REPAIR,
                   "a heading's {short=\"…\"} is its chapter's title in the running heads")
    TEXT_BEFORE_HEADING = "text-before-heading", Severity.WARNING, "text precedes the chapter heading"
    NO_CHAPTER_HEADING = "no-chapter-heading", Severity.WARNING, "a chapter without a heading"
    # print
    PAGE_REFERENCES_UNSETTLED = ("page-references-unsettled", Severity.WARNING,
                                 "notes' page references still moved in the last layout pass")
    PDF_UA_NOT_CLAIMED = ("pdf-ua-not-claimed", Severity.WARNING,
                          "the PDF's tags fail a PDF/UA-1 check: it does not claim PDF/UA-1")
    # the editor's corrections (corrections.yaml)
    DECISION_STALE = ("decision-stale", Severity.WARNING,
                      "an editor's ruling whose decision is no longer found in the text: not applied")
    EDIT_APPLIED = "edit-applied", Severity.REPAIR, "an editor's text correction applied"
    # checks
    WORDS_LOST = "words-lost", Severity.ERROR, "the no-loss check found words of the input missing from the output"
    WORDS_ADDED = ("words-added", Severity.ERROR,
                   "the no-loss check found words in the output that the input does not have")
