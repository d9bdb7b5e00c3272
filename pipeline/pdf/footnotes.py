"""Footnotes that break across pages: a patch to WeasyPrint, carried here until WeasyPrint has it.

WeasyPrint (up to 70) never splits a footnote (its issue #1833): a note that does not fit under the
line that calls it is deferred whole to the next page, and every later note of that page with it, so
a page with a long note pushes each following note further back (on the two dev Pepys chapters no
note at all started on its reference's page). LaTeX, the anchor, starts every note on its
reference's page and continues a long one at the foot of the next page, before that page's own notes.

This module does the same inside WeasyPrint's layout. When a note overflows, the footnote area is
laid out again with the room that is left under the calling line (at most the area's ``max-height``):
the note keeps the lines that fit there (at least its ``orphans``), and the rest goes on at the top of
the next page's footnote area (at least its ``widows`` lines, else the note is deferred whole as
before). WeasyPrint's functions wrapped while a document is laid out (:func:`split_footnotes`):

- ``layout.block._linebox_layout``: on overflow, try :func:`_split` before deferring the note; and
  no note is deferred to make room for a line that orphans or widows want (that moved notes off
  their page, and lost the notes called in that line). It also keeps the trade's rule that at most
  two lines in a row end in a broken word: the line after two such is laid out without
  hyphenation (``layout.inline.split_first_line`` wrapped for that);
- ``block_level_layout`` as ``layout`` and ``layout.page`` call it for a footnote area: a continued
  note is resumed where it broke (its skip stack), and a note broken on this page is cut where it
  broke;
- ``layout.page.make_page``: a page made again forgets the breaks it made before, and a page's
  continued note goes first to the next page;
- ``LayoutContext``: a broken note that is deferred or taken back is whole again, a continuation too
  long for its page breaks again, and whether the notes overflow their area is decided with
  WeasyPrint's own rounding tolerance (it compared exactly: 1e-13 px deferred notes that fit).

What is left to WeasyPrint: which line calls the note, the order of notes, the area's style. The
break is remembered by page and note element, so a page laid out again (WeasyPrint repaginates for
page counters) breaks the same way; the output is the same every run. docs/footnotes.md has the
figures.
"""

from __future__ import annotations

from contextlib import contextmanager
from math import inf


class _Breaks:
    """The notes broken across pages in the document being laid out: on the page a note starts,
    where the footnote area's notes must end (a position on the page); on the next page, where the
    note resumes (the skip stack of its box); and the note of the page being made that goes on at
    the next page's foot (at most one a page: nothing follows it on its page)."""

    def __init__(self):
        self.cut: dict[tuple[int, object], float] = {}       # (page, note element) -> the area's lowest y
        self.resume: dict[tuple[int, object], dict] = {}     # (page, note element) -> skip stack
        self.pending: list = []                              # this page's note continued on the next

    def forget(self, page: int) -> None:
        """Page ``page`` is made (again): the breaks it made are made again too."""
        for key in [k for k in self.cut if k[0] == page]:
            del self.cut[key]
        for key in [k for k in self.resume if k[0] == page + 1]:
            del self.resume[key]
        self.pending = []

    def undo(self, context, footnote) -> None:
        """The note broken on this page leaves it (deferred whole, or its line pushed to the next
        page): it is whole again."""
        if footnote in self.pending:
            self.pending.remove(footnote)
            self.cut.pop((context.current_page, footnote.element), None)
            self.resume.pop((context.current_page + 1, footnote.element), None)


def _area_layout(original, breaks: _Breaks):
    """``block_level_layout`` that resumes a continued note and cuts a broken one in a footnote area
    (never reporting notes from inside the area: WeasyPrint does when a note's line overflows)."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    def block_level_layout(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs):
        if isinstance(box, FootnoteAreaBox) and box.children and skip_stack is None and bottom_space == -inf:
            page = context.current_page
            first, last = box.children[0], box.children[-1]
            skip_stack = ({0: breaks.resume[(page, first.element)]}
                          if (page, first.element) in breaks.resume else None)
            if (page, last.element) in breaks.cut:
                bottom_space = context.page_bottom - breaks.cut[(page, last.element)]
            return _inside_area(context, original, box, bottom_space, skip_stack, containing_block, *args, **kwargs)
        return original(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)

    return block_level_layout


def _inside_area(context, layout, *args, **kwargs):
    """A footnote area laid out as WeasyPrint lays out a column: no note is reported from inside it."""
    in_column, context.in_column = context.in_column, True
    try:
        return layout(context, *args, **kwargs)
    finally:
        context.in_column = in_column


def _room(context, line_bottom: float, bottom_space: float) -> float:
    """The ``bottom_space`` for laying out the footnote area so that its notes end where the calling
    line (its bottom at ``line_bottom``) still fits above the area, and within the area's
    ``max-height``. The area's layout starts at the page's bottom without notes
    (``context.page_bottom`` once the area's height is given back); its bottom decoration is added by
    WeasyPrint (``box-decoration-break: clone``, print.css)."""
    area = context.current_footnote_area
    room = context.page_bottom - bottom_space - line_bottom
    if area.max_height not in (None, "auto", inf):
        top = (area.margin_top if area.margin_top != "auto" else 0) + area.border_top_width + area.padding_top
        bottom = (area.margin_bottom if area.margin_bottom != "auto" else 0) + area.border_bottom_width + \
            area.padding_bottom
        room = min(room, top + area.max_height + bottom)
    return -room


def _split(context, footnote, bottom_space: float, line_bottom: float, breaks: _Breaks) -> bool:
    """Break ``footnote`` (the last one of the page's area, just added and overflowing) so that its
    first lines stand under the calling line and the rest goes on at the next page's foot. False when
    it cannot be (fewer lines than its orphans fit, the rest would be fewer than its widows, or
    another note would be the one cut)."""
    from weasyprint.formatting_structure import build
    from weasyprint.layout.block import block_level_layout

    area = context.current_footnote_area
    page = context.current_page
    if area.height != "auto":
        context.page_bottom += area.margin_height()      # the page's bottom without the notes
    try:
        limit = _room(context, line_bottom, bottom_space)
        copy = build.create_anonymous_boxes(area.deepcopy())
        first = copy.children[0].element if copy.children else None
        skip = {0: breaks.resume[(page, first)]} if (page, first) in breaks.resume else None
        laid, resume_at, *_ = _inside_area(context, block_level_layout, copy, limit, skip, area.page, False, [], [])
        lowest = context.page_bottom - limit
    finally:
        if area.height != "auto":
            context.page_bottom -= area.margin_height()
    last = len(area.children) - 1
    if laid is None or not resume_at or list(resume_at) != [last] or len(laid.children) != last + 1:
        return False
    (child_resume,) = resume_at.values()
    if not child_resume:
        return False
    breaks.cut[(page, footnote.element)] = lowest
    breaks.resume[(page + 1, footnote.element)] = child_resume
    breaks.pending.append(footnote)                 # goes on first at the next page's foot
    context._update_footnote_area()
    return True


def _linebox_layout_with(breaks: _Breaks):
    """WeasyPrint 70's ``_linebox_layout`` (weasyprint/layout/block.py, BSD licence), with a note that
    overflows broken (:func:`_split`) before it is deferred, when no note of the page waits for the
    next one already (the marked lines)."""
    from weasyprint.layout.block import _break_line, iter_line_boxes, remove_placeholders

    def _linebox_layout(context, box, index, child, new_children, page_is_empty,
                        absolute_boxes, fixed_boxes, adjoining_margins,
                        bottom_space, position_y, skip_stack, first_letter_style,
                        first_line_style, draw_bottom_decoration, max_lines):
        from weasyprint.layout.block import collapse_margin

        abort = stop = False
        resume_at = None
        new_footnotes = []

        assert len(box.children) == 1, 'line box with siblings before layout'

        if adjoining_margins:
            position_y += collapse_margin(adjoining_margins)
        new_containing_block = box
        lines_iterator = _hyphen_runs_limited(context, iter_line_boxes(                # (patched)
            context, child, position_y, bottom_space, skip_stack, new_containing_block,
            absolute_boxes, fixed_boxes, first_letter_style, first_line_style))
        for i, (line, resume_at) in enumerate(lines_iterator):
            if max_lines is not None:
                if max_lines == 0:
                    new_children[-1].block_ellipsis = box.style['block_ellipsis']
                    break
                max_lines -= 1

            line.resume_at = resume_at
            new_position_y = line.position_y + line.height

            draw_bottom_decoration |= resume_at is None
            if draw_bottom_decoration:
                offset_y = box.border_bottom_width + box.padding_bottom
            else:
                offset_y = 0

            overflow = (
                (new_children or not page_is_empty) and
                context.overflows_page(bottom_space, new_position_y + offset_y))
            if overflow:
                needed = box.style['widows'] - 1
                for next_line, _ in lines_iterator:
                    needed -= 1
                    remove_placeholders(
                        context, next_line.children, absolute_boxes, fixed_boxes)
                    if needed == -1:
                        break
                needed = max(0, needed)
                # (patched) WeasyPrint deferred the page's last notes here to make room for one
                # more line that orphans or widows want: a note then leaves its reference's page,
                # and the notes called in that line were never laid out at all (lost from the book:
                # note 70 of the dev Pepys chapters). The block breaks as any other instead.
                abort, stop, resume_at = _break_line(
                    context, box, line, new_children, needed, page_is_empty, index,
                    skip_stack, resume_at, absolute_boxes, fixed_boxes)
                break

            elif page_is_empty and context.overflows_page(bottom_space, new_position_y):
                new_position_y -= box.margin_top
                line.translate(0, -box.margin_top)
                box.margin_top = 0

            if context.footnotes:
                break_linebox = False
                footnotes = (
                    descendant.footnote for descendant in line.descendants()
                    if descendant.footnote in context.footnotes)
                for footnote in footnotes:
                    overflow = context.layout_footnote(footnote)
                    new_footnotes.append(footnote)
                    overflow = (
                        overflow or context.reported_footnotes or
                        context.overflows_page(bottom_space, new_position_y + offset_y))
                    # (patched) the body keeps room for its orphans: the lines of this block the
                    # page must hold before it may break
                    reserve = max(0, box.style['orphans'] - 1 - len(new_children)) * line.height
                    if overflow and not context.reported_footnotes and not breaks.pending and \
                            not context.in_column and _split(
                                context, footnote, bottom_space, new_position_y + offset_y + reserve, breaks):
                        continue
                    if overflow:
                        context.report_footnote(footnote)
                        if new_children or not page_is_empty:
                            if footnote.style['footnote_policy'] == 'line':
                                if needed := box.style['widows'] - 1:
                                    for _ in lines_iterator:
                                        needed -= 1
                                        if needed == 0:
                                            break
                                abort, stop, resume_at = _break_line(
                                    context, box, line, new_children, needed, page_is_empty,
                                    index, skip_stack, resume_at, absolute_boxes,
                                    fixed_boxes)
                                break_linebox = True
                                break
                            elif footnote.style['footnote_policy'] == 'block':
                                abort = break_linebox = True
                                break
                if break_linebox:
                    break

            new_children.append(line)
            position_y = new_position_y
            skip_stack = resume_at

        if new_children:
            resume_at = {index: new_children[-1].resume_at}

        return abort, stop, resume_at, position_y, new_footnotes, max_lines

    return _linebox_layout


MAX_HYPHEN_RUN = 2       # at most this many lines in a row end in a hyphen (the trade's rule)


def _ends_hyphenated(line) -> bool:
    """The line ends in the hyphen WeasyPrint set to break a word (its hyphenate-character)."""
    texts = [b for b in line.descendants() if type(b).__name__ == "TextBox" and b.text]
    if not texts:
        return False
    last = texts[-1]
    return last.text.endswith(last.style["hyphenate_character"] or "\u2010")


def _hyphen_runs_limited(context, lines):
    """A paragraph's lines, the one after ``MAX_HYPHEN_RUN`` hyphenated lines laid out without breaking
    a word (``context.no_hyphenation``, read by :func:`_split_first_line_with`)."""
    run = 0
    while True:
        context.no_hyphenation = run >= MAX_HYPHEN_RUN
        try:
            line, resume_at = next(lines)
        except StopIteration:
            return
        finally:
            context.no_hyphenation = False
        run = run + 1 if _ends_hyphenated(line) else 0
        yield line, resume_at


NAME_SLACK_EM = 0.2      # a name is broken only when the line would otherwise add this much a space


def _split_first_line_with(original):
    """WeasyPrint's ``split_first_line``, without hyphenation when the lines before already broke
    ``MAX_HYPHEN_RUN`` words in a row, and not breaking a capitalised word (a name: 'Preo-brazensky')
    unless the line would otherwise be loose (more than ``NAME_SLACK_EM`` added to each space)."""
    def without_hyphens(text, style, context, *args, **kwargs):
        style["hyphens"] = "manual"
        try:
            return original(text, style, context, *args, **kwargs)
        finally:
            style["hyphens"] = "auto"

    def split_first_line(text, style, context, max_width, *args, **kwargs):
        if style["hyphens"] != "auto":
            return original(text, style, context, max_width, *args, **kwargs)
        if getattr(context, "no_hyphenation", False):
            return without_hyphens(text, style, context, max_width, *args, **kwargs)
        result = original(text, style, context, max_width, *args, **kwargs)
        line = getattr(result[0], "text", "") or ""
        hyphen = style["hyphenate_character"] or "\u2010"
        if max_width is None or max_width == inf or not line.endswith(hyphen):
            return result
        word = line[:-len(hyphen)].rsplit(" ", 1)[-1]
        if not word[:1].isupper():
            return result
        whole = without_hyphens(text, style, context, max_width, *args, **kwargs)
        spaces = (getattr(whole[0], "text", "") or "").rstrip().count(" ")
        if spaces and (max_width - whole[3]) / spaces <= NAME_SLACK_EM * style["font_size"]:
            return whole
        return result
    return split_first_line


def _make_page_with(original, breaks: _Breaks):
    def make_page(context, root_box, page_type, resume_at, page_number, *args, **kwargs):
        breaks.forget(page_number)
        made = original(context, root_box, page_type, resume_at, page_number, *args, **kwargs)
        context.reported_footnotes[:0] = breaks.pending      # the continued note first on the next page
        _notes_to_the_foot(made[0])
        return made
    return make_page


def _notes_to_the_foot(page) -> None:
    """The page's notes end on the text block's last line, as a book's do on every page: an area laid
    out for more lines than it kept (a note broken over the page, its last line pushed on by its
    widows) stands that much lower, the white going above its rule."""
    area = next((c for c in page.children if type(c).__name__ == "FootnoteAreaBox"), None)
    lines = [b for b in area.descendants() if type(b).__name__ == "LineBox"] if area is not None else []
    if lines:
        gap = page.content_box_y() + page.height - max(line.position_y + line.height for line in lines)
        if gap > 0.01:
            area.translate(dy=gap)


def _context_with(cls, breaks: _Breaks) -> dict:
    """``LayoutContext``'s footnote methods: a note broken on this page that is deferred or taken
    back is whole again; a continued note too long for its page's area is broken again."""
    saved = {name: getattr(cls, name) for name in
             ("report_footnote", "unlayout_footnote", "layout_footnote", "_update_footnote_area")}

    def report_footnote(self, footnote):
        breaks.undo(self, footnote)
        return saved["report_footnote"](self, footnote)

    def unlayout_footnote(self, footnote):
        breaks.undo(self, footnote)
        return saved["unlayout_footnote"](self, footnote)

    def layout_footnote(self, footnote):
        overflow = saved["layout_footnote"](self, footnote)
        if overflow and (self.current_page, footnote.element) in breaks.resume and \
                self.current_page_footnotes == [footnote] and not breaks.pending:
            # a continuation longer than the area may hold: its first lines here, the rest on the next
            overflow = not _split(self, footnote, 0, -inf, breaks)
        return overflow

    cls.report_footnote, cls.unlayout_footnote, cls.layout_footnote = \
        report_footnote, unlayout_footnote, layout_footnote
    cls._update_footnote_area = _update_footnote_area
    return saved


def _update_footnote_area(self):
    """WeasyPrint 70's ``LayoutContext._update_footnote_area`` (weasyprint/layout/__init__.py, BSD
    licence) with one fix: whether the notes overflow the area is decided with WeasyPrint's own
    tolerance for rounding (``overflows``). It compared the last note's bottom with the area's
    exactly, and the two differ by 1e-13 px when they are equal (922.4000000000002 against
    922.4000000000001 on the seed's second page): the note was deferred to the next page, with every
    later note of its page. 21 of the seed's 54 notes were set a page or more late for this alone."""
    from weasyprint.formatting_structure import build
    from weasyprint.layout import block_level_layout

    if self.current_footnote_area.height != 'auto' and not self.in_column:
        self.page_bottom += self.current_footnote_area.margin_height()
    self.current_footnote_area.children = self.current_page_footnotes
    if self.current_footnote_area.children:
        footnote_area = build.create_anonymous_boxes(self.current_footnote_area.deepcopy())
        footnote_area = block_level_layout(self, footnote_area, -inf, None, self.current_footnote_area.page)[0]
        self.current_footnote_area.height = footnote_area.height
        if not self.in_column:
            self.page_bottom -= footnote_area.margin_height()
        last_child = footnote_area.children[-1]
        last_child_bottom = last_child.position_y + last_child.margin_height() - last_child.margin_bottom
        footnote_area_bottom = (footnote_area.position_y + footnote_area.margin_height() -
                                footnote_area.margin_bottom)
        return self.overflows(footnote_area_bottom, last_child_bottom)          # (patched)
    self.current_footnote_area.height = 0
    if not self.in_column:
        self.page_bottom -= self.current_footnote_area.margin_height()
    return False


@contextmanager
def split_footnotes():
    """While laying out: footnotes break across pages (the module's docstring). Another WeasyPrint
    than the one this was written for (70) is left alone: its notes are deferred whole, as it does."""
    import weasyprint
    import weasyprint.layout as layout
    from weasyprint.layout import block, page

    if not weasyprint.__version__.startswith("70."):
        yield
        return
    from weasyprint.layout import inline

    breaks = _Breaks()
    saved = (block._linebox_layout, layout.block_level_layout, page.block_level_layout, page.make_page)
    split = inline.split_first_line
    inline.split_first_line = _split_first_line_with(split)
    block._linebox_layout = _linebox_layout_with(breaks)
    layout.block_level_layout = _area_layout(saved[1], breaks)
    page.block_level_layout = _area_layout(saved[2], breaks)
    page.make_page = _make_page_with(saved[3], breaks)
    methods = _context_with(layout.LayoutContext, breaks)
    try:
        yield
    finally:
        block._linebox_layout, layout.block_level_layout, page.block_level_layout, page.make_page = saved
        inline.split_first_line = split
        for name, method in methods.items():
            setattr(layout.LayoutContext, name, method)
