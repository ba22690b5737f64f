"""納付書 (and 督促状) as an A4 PDF: the eL番号, the QR code and the GS1-128 barcode.

WeasyPrint renders the HTML template with a Japanese font from fontconfig (embedded as a subset
in the PDF, as the certificates are); segno draws the QR and python-barcode the GS1-128 symbol,
both as SVG so they print sharp at any resolution.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass

import barcode
import segno
from barcode.writer import SVGWriter
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML

from jichitai.common.wareki import to_wareki
from jichitai.payments.codes import cvs_barcode_data, qr_payload
from jichitai.payments.issuing import cvs_company_code, el_number
from jichitai.payments.models import Invoice

# python-barcode's default 0.2 mm module makes the 44-digit symbol 62 mm; the guideline's
# convenience-store scanners take about 60 mm, so the module is a little narrower.
_MODULE_MM = 0.19


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def qr_svg(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=4, border=4)
    return _data_uri(out.getvalue())


def gs1_128_svg(data: str) -> str:
    symbol = barcode.get_barcode_class("gs1_128")(data, writer=SVGWriter())
    out = io.BytesIO()
    symbol.write(
        out,
        options={"module_width": _MODULE_MM, "module_height": 12.0, "write_text": False},
    )
    return _data_uri(out.getvalue())


@dataclass(frozen=True)
class NoticeFacts:
    """What a 督促状 adds to the slip: when it was sent (if recorded) and the 延滞金 accrued
    (None when the year's rate is not published yet)."""

    sent_on: dt.date | None
    late_fee: int | None
    late_fee_on: dt.date
    has_late_fee: bool


def slip_context(
    invoice: Invoice, *, balance: int, notice: NoticeFacts | None = None
) -> dict[str, object]:
    """What the template prints: the amount still owed (a partly paid invoice prints its
    balance), the numbers and both symbols."""
    el = el_number(invoice)
    cvs = cvs_barcode_data(
        company_code=cvs_company_code(invoice.municipality),
        el=el,
        due_on=invoice.due_on,
        amount=balance,
        reissue=invoice.reissue,
    )
    return {
        "invoice": invoice,
        "amount": balance,
        "el": el,
        "due_wareki": to_wareki(invoice.due_on).format(),
        "qr": qr_svg(qr_payload(el, amount=balance, due_on=invoice.due_on)),
        "barcode": gs1_128_svg(cvs) if cvs else None,
        "barcode_text": f"({cvs[:2]}){cvs[2:]}" if cvs else "",
        "notice": notice is not None,
        "facts": notice,
        "sent_wareki": to_wareki(notice.sent_on).format() if notice and notice.sent_on else "",
        "late_fee_wareki": to_wareki(notice.late_fee_on).format() if notice else "",
        "printed_on": to_wareki(timezone.localdate()).format(),
    }


def slip_pdf(invoice: Invoice, *, balance: int, notice: NoticeFacts | None = None) -> bytes:
    """The A4 PDF of one 納付書 (or, with `notice`, its 督促状)."""
    html = render_to_string(
        "payments/slip.html", slip_context(invoice, balance=balance, notice=notice)
    )
    # The rules live in their own file: the pages' Content-Security-Policy forbids inline
    # <style> in templates (config/tests/test_security_headers.py), slips included.
    stylesheet = CSS(string=render_to_string("payments/slip.css"))
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    return pdf
