"""The printer's files: the interior and the cover as PDF/X-4, checked.

The reader's PDF is PDF/UA-1 (tagged, with links). A printer wants PDF/X: an output intent (the
printing condition the colours are meant for, with its ICC profile), trim and bleed boxes on every
page, every font embedded, no annotations on the sheet, and the PDF/X version in the document's
metadata. The printer's interior is made from the reader's PDF (the same pages, byte for byte in their
content: links and the structure tree taken out, which PDF/X does not want on a printing sheet); the
cover is typeset for the purpose (:mod:`.cover`). Both are made with pikepdf.

The output intent's profile is the printer's (``print_profile:`` in book.yaml, the ICC profile of the
press and paper); without one, sRGB (IEC 61966-2.1, the ICC's freely licensed sRGB2014 profile that
WeasyPrint ships): PDF/X-4 allows an RGB printing condition, which a printer's workflow converts.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

PDFX_VERSION = "PDF/X-4"
XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:format>application/pdf</dc:format>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>book-production pipeline</xmp:CreatorTool>
   <pdf:Producer>book-production pipeline (WeasyPrint, pikepdf)</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{uid}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{uid}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def default_profile() -> tuple[bytes, str]:
    """sRGB2014 (the ICC's, shipped with WeasyPrint) and its name."""
    from importlib.resources import files
    return (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes(), "sRGB IEC61966-2.1"


def _profile(path: str | None) -> tuple[bytes, str, int]:
    """The output profile's bytes, its name and its number of colour components."""
    data, name = (Path(path).read_bytes(), Path(path).stem) if path else default_profile()
    space = data[16:20]
    components = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}.get(space)
    if components is None:
        from .errors import PipelineError
        raise PipelineError(f"the print profile's colour space is {space!r}; give a CMYK, RGB or grey output "
                            f"profile", path)
    return data, name, components


def to_pdfx(pdf_bytes: bytes, title: str, uid: str, epoch: int, bleed_in: float | None = None,
            profile: str | None = None) -> bytes:
    """``pdf_bytes`` as PDF/X-4: output intent, XMP with the PDF/X version, Trapped, trim and bleed
    boxes (``bleed_in``: the sheet bleeds that much all round, the trim box inset so; else the boxes
    the PDF gives), no annotations, no structure tree. Dates from ``epoch``: the same input gives the
    same bytes."""
    import pikepdf

    data, name, components = _profile(profile)
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    for page in pdf.pages:
        media = [float(x) for x in page.mediabox]
        if bleed_in is not None:
            bleed = bleed_in * 72
            page.obj.TrimBox = pikepdf.Array([media[0] + bleed, media[1] + bleed, media[2] - bleed, media[3] - bleed])
            page.obj.BleedBox = pikepdf.Array(media)
        page.obj.TrimBox = page.obj.get("/TrimBox", pikepdf.Array(media))
        page.obj.BleedBox = page.obj.get("/BleedBox", pikepdf.Array(media))
        if "/Annots" in page.obj:
            del page.obj.Annots
        for key in ("/StructParents", "/Tabs"):
            if key in page.obj:
                del page.obj[key]
    root = pdf.Root
    for key in ("/StructTreeRoot", "/MarkInfo", "/ParentTree", "/OpenAction", "/Names", "/Outlines"):
        if key in root:
            del root[key]
    stream = pikepdf.Stream(pdf, data)
    stream.N = components
    root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier=pikepdf.String(name),
        Info=pikepdf.String(name), DestOutputProfile=pdf.make_indirect(stream))])
    date = datetime.fromtimestamp(epoch, tz=timezone.utc)
    xmp = XMP.format(title=escape(title), date=date.strftime("%Y-%m-%dT%H:%M:%SZ"), uid=uid, version=PDFX_VERSION)
    metadata = pikepdf.Stream(pdf, xmp.encode("utf-8"))
    metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    root.Metadata = pdf.make_indirect(metadata)
    stamp = "D:" + date.strftime("%Y%m%d%H%M%S") + "Z"
    pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(
        Title=pikepdf.String(title), Trapped=pikepdf.Name("/False"), CreationDate=pikepdf.String(stamp),
        ModDate=pikepdf.String(stamp), Producer=pikepdf.String("book-production pipeline")))
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(bytes.fromhex(uid.replace("-", "")[:32].ljust(32, "0")))] * 2)
    out = io.BytesIO()
    pdf.remove_unreferenced_resources()
    pdf.save(out, force_version="1.6", deterministic_id=False, static_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def check_pdfx(pdf_bytes: bytes) -> dict:
    """What a printer's preflight looks at first: the PDF/X keys, the boxes, the fonts."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    intents = pdf.Root.get("/OutputIntents", [])
    xmp = bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8", "replace") if "/Metadata" in pdf.Root else ""
    unembedded = set()
    for page in pdf.pages:
        for font in (page.Resources.get("/Font", {}) or {}).values():
            descriptors = [font.get("/FontDescriptor")] + [d.get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
            if not any(d is not None and any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                       for d in descriptors):
                unembedded.add(str(font.get("/BaseFont", "?")))
    return {
        "pages": len(pdf.pages),
        "pdf_version": pdf.pdf_version,
        "output_intent": bool(intents) and all(i.get("/S") == "/GTS_PDFX" and "/DestOutputProfile" in i
                                                for i in intents),
        "pdfx_version": "PDF/X-4" if "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp else None,
        "trapped": str(pdf.docinfo.get("/Trapped", "")),
        "boxes": all("/TrimBox" in p.obj and "/BleedBox" in p.obj for p in pdf.pages),
        "annotations": sum(len(p.obj.get("/Annots", [])) for p in pdf.pages),
        "fonts_embedded": not unembedded,
        "trim_in": [round(float(b) / 72, 4) for b in pdf.pages[0].obj.TrimBox] if pdf.pages else [],
        "media_in": [round(float(b) / 72, 4) for b in pdf.pages[0].mediabox] if pdf.pages else [],
    }
