"""HTML → PDF with WeasyPrint, with Japanese glyphs embedded or a clear error.

Fonts come from fontconfig: the template asks for Noto Serif CJK JP (明朝, as certificates are
printed) and falls back to other Japanese fonts. No font file is shipped: a Japanese font is
15 to 25 MB, and Debian's fonts-noto-cjk (installed by the Makefile) provides it. WeasyPrint
embeds a subset of the glyphs used, so the PDF reads the same on any machine.

A character no installed font has would print as an empty box (豆腐). That never reaches a
certificate: the render is checked for such glyphs and refused, as an 外字 alert
(doc/j1070.txt §5.8) when a Japanese font exists, or as JapaneseFontMissing when none does.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from jichitai.registry.certificates.documents import CertificateDocument
from jichitai.registry.certificates.errors import JapaneseFontMissing, glyph_missing

TEMPLATES = {
    "juminhyo": "registry/certificates/juminhyo.html",
    "closed_record": "registry/certificates/closed_record.html",
    "entry_certificate": "registry/certificates/entry_certificate.html",
}
_FONT_PROBE = "registry/certificates/font_probe.html"
_STYLESHEET = "registry/certificates/certificate.css"


class _NoGlyphWarnings(logging.Filter):
    """WeasyPrint logs the character it could not draw; on a certificate that is part of a
    name or an address, and logs must never hold personal data (DESIGN.md)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(".notdef glyph")


logging.getLogger("weasyprint").addFilter(_NoGlyphWarnings())
# Seven INFO lines per PDF ("Step 1 - Fetching and parsing HTML" …) say nothing useful.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class _Fonts(threading.local):
    """Per thread, the font configuration and the parsed stylesheet: building them for each
    PDF costs about a third of the render. Pango's font map is not shared across threads."""

    def __init__(self) -> None:
        self.config = FontConfiguration()
        self._stylesheet: CSS | None = None

    @property
    def stylesheet(self) -> CSS:
        # Parsed on first use, not when this module is imported: rendering starts Django's
        # template engine, which imports every app's template tags, and those may import
        # the modules that are importing this one (procedures' selectors and services).
        if self._stylesheet is None:
            self._stylesheet = CSS(string=render_to_string(_STYLESHEET), font_config=self.config)
        return self._stylesheet


_fonts = _Fonts()


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    pages: int


def _render(html: str) -> tuple[bytes, int, int]:
    """PDF bytes, page count and the number of glyphs no font had."""
    document = HTML(string=html).render(stylesheets=[_fonts.stylesheet], font_config=_fonts.config)
    pdf = document.write_pdf()
    missing = sum(len(font.missing) for font in document.fonts.values())
    return pdf, len(document.pages), missing


@lru_cache(maxsize=1)
def japanese_font_available() -> bool:
    """Whether fontconfig finds a font for the certificates' fixed Japanese text."""
    _, _, missing = _render(render_to_string(_FONT_PROBE))
    return missing == 0


def certificate_html(document: CertificateDocument) -> str:
    return render_to_string(TEMPLATES[document.kind], {"doc": document})


def certificate_pdf_render(document: CertificateDocument) -> RenderedPdf:
    """証明書のPDF (unsigned). Raises RuleViolation `certificate.glyph_missing` or
    JapaneseFontMissing instead of printing empty boxes."""
    pdf, pages, missing = _render(certificate_html(document))
    if missing:
        if not japanese_font_available():
            raise JapaneseFontMissing
        raise glyph_missing(missing)
    return RenderedPdf(pdf=pdf, pages=pages)


def html_pdf_render(html: str) -> RenderedPdf:
    """Another document of the register (住民異動届受理通知) with the certificates' fonts,
    stylesheet and missing-glyph check. Raises as certificate_pdf_render."""
    pdf, pages, missing = _render(html)
    if missing:
        if not japanese_font_available():
            raise JapaneseFontMissing
        raise glyph_missing(missing)
    return RenderedPdf(pdf=pdf, pages=pages)
