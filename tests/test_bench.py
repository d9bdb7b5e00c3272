"""``make bench``: the PDF's peer is WeasyPrint on print.html as the speed issue measured it."""

from pipeline.bench.builds import FILING_CSS, filing_html


def test_the_filing_peer_leaves_the_notes_page_references_to_target_counter():
    html = ('<li id="note-7"><p>Text.<a class="backlink" href="#noteref-7" role="doc-backlink" '
            'aria-label="Back to reference 7"> (p.\u00a012)</a></p></li><p>(p. 3) stays</p>')
    assert filing_html(html) == ('<li id="note-7"><p>Text.<a class="backlink" href="#noteref-7" role="doc-backlink" '
                                 'aria-label="Back to reference 7"></a></p></li><p>(p. 3) stays</p>')
    assert "target-counter(attr(href url), page)" in FILING_CSS and FILING_CSS.startswith("a.backlink::after")
