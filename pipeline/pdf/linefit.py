"""Justified lines that may shrink their word spaces, as TeX's and InDesign's do.

WeasyPrint fills a justified line with the words that fit at their natural spacing, then stretches
the spaces to the measure: a line whose next word just failed to fit is loose (on six Pepys
chapters 12.7 % of body lines had spaces over 0.5 em). TeX gives every space a shrink as well as a
stretch (a third and a half of the space) and sets the line whose spacing is least far from natural;
so does this patch, line by line: a line WeasyPrint sets more than ``TRY_EM`` looser than natural is
laid out again in a measure widened by its spaces' shrink, and that line, justified back into the
real measure with its spaces shrunk, is kept when it takes more words, its spaces shrink by at most
``SHRINK_EM`` each and it is less far from natural than the stretched one (shrink measured against
``SHRINK_EM``, stretch against ``STRETCH_EM``: TeX's badness, one line at a time). A paragraph's last
line, which is not justified, is never shrunk.

WeasyPrint's ``layout.inline.get_next_linebox`` is wrapped while a document is laid out
(:func:`shrinkable_spaces`); the trial layout runs with ``text_align`` set aside for the line itself
(an inline block inside it is aligned as usual) and with its own lists of absolute and fixed boxes,
so that only the line kept leaves a trace.
"""

from __future__ import annotations

from contextlib import contextmanager

SHRINK_EM = 0.08       # the most a space may shrink (a third of a 0.25 em space: TeX's)
STRETCH_EM = 0.125     # the stretch a space is measured against (half of it: TeX's)
TRY_EM = 0.06          # a line stretched less than this a space is kept as WeasyPrint sets it


def _spacing(line) -> float:
    """The justification WeasyPrint added to each space of ``line`` (0 when none)."""
    for box in line.descendants():
        if type(box).__name__ == "TextBox" and box.text.count(" "):
            return box.justification_spacing or 0.0
    return 0.0


def _get_next_linebox_with(original, inline):
    def get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, containing_block,
                         absolute_boxes, fixed_boxes, *args):
        line, resume_at = original(context, linebox, position_y, bottom_space, skip_stack, containing_block,
                                   absolute_boxes, fixed_boxes, *args)
        if line is None or resume_at is None or linebox.style["text_align_all"] != "justify" or \
                linebox.style["white_space"] != "normal":
            return line, resume_at
        em = linebox.style["font_size"]
        stretch = _spacing(line)
        spaces = inline.count_expandable_spaces(line)
        if stretch <= TRY_EM * em or not spaces:
            return line, resume_at
        width = containing_block.width
        kept = (linebox.position_x, linebox.position_y, linebox.width, linebox.height)
        trial = _trial(original, inline, (context, linebox, position_y, bottom_space, skip_stack,
                                          containing_block), args, width + (spaces + 2) * SHRINK_EM * em)
        line2, resume2, absolutes, fixed = trial
        spaces2 = inline.count_expandable_spaces(line2) if line2 is not None else 0
        shrink = (line2.width - width) / spaces2 if spaces2 else 0.0
        if resume2 is None or not 0 < shrink <= SHRINK_EM * em or shrink / SHRINK_EM >= stretch / STRETCH_EM:
            linebox.position_x, linebox.position_y, linebox.width, linebox.height = kept
            return line, resume_at
        inline.justify_line(context, line2, width - line2.width)
        absolute_boxes.extend(absolutes)
        fixed_boxes.extend(fixed)
        return line2, resume2
    return get_next_linebox


def _trial(original, inline, head, tail, width):
    """The line laid out in a measure of ``width``, unjustified (None when there is none), where the
    next resumes, and the absolute and fixed boxes it placed."""
    context, linebox, position_y, bottom_space, skip_stack, containing_block = head
    saved_width, saved_align = containing_block.width, inline.text_align
    containing_block.width = width

    def text_align(context, line, available_width, last):
        # this line is left unjustified; another's (an inline block's inside it: a note's label set
        # flush right) is aligned as WeasyPrint aligns it
        if line.element is linebox.element and line.element_tag == linebox.element_tag:
            return 0
        return saved_align(context, line, available_width, last)

    inline.text_align = text_align
    absolutes: list = []
    fixed: list = []
    try:
        line, resume_at = original(context, linebox, position_y, bottom_space, skip_stack, containing_block,
                                   absolutes, fixed, *tail)
    finally:
        containing_block.width, inline.text_align = saved_width, saved_align
    return line, resume_at, absolutes, fixed


@contextmanager
def shrinkable_spaces():
    """While laying out: justified lines may shrink their spaces (the module's docstring). Another
    WeasyPrint than the one this was written for (70) is left alone."""
    import weasyprint

    if not weasyprint.__version__.startswith("70."):
        yield
        return
    from weasyprint.layout import inline

    saved = inline.get_next_linebox
    inline.get_next_linebox = _get_next_linebox_with(saved, inline)
    try:
        yield
    finally:
        inline.get_next_linebox = saved
