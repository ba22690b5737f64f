"""マイナンバーカードの更新 (card and certificate renewal): who expires when, and the notices.

From the register's カード管理状況 (`my_number_card_status` 交付済 and its date, taken as the
issue date) and the birth date:
- the card is valid until the 10th birthday after issue, the 5th for a holder under 18 at
  issue (番号法施行規則 第26条第1項);
- the 署名用・利用者証明用電子証明書 until the 5th birthday after issue (公的個人認証法
  施行規則 第6条・第56条).
The cards of the first wave (2016) expire from 2025 and their certificates every five years:
the forecast shows the month-by-month load so that renewal slots can be planned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from dataclasses import dataclass

from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from jichitai.registry.models import CardStatus, Resident, ResidentStatus

ADULT_AGE = 18


def nth_birthday_after(birth_date: dt.date, day: dt.date, n: int) -> dt.date:
    """The `n`-th birthday after `day` (a birthday on `day` itself does not count); 2/29 is
    2/28 in common years (民法 第143条: the period ends the day before the anniversary)."""
    first_year = (
        day.year if (birth_date.month, birth_date.day) > (day.month, day.day) else day.year + 1
    )
    year = first_year + n - 1
    try:
        return birth_date.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def _age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class CardExpiry:
    resident_id: int
    card_expires: dt.date
    certificate_expires: dt.date


def card_expiry(resident_id: int, birth_date: dt.date, issued_on: dt.date) -> CardExpiry:
    card_years = 10 if _age_on(birth_date, issued_on) >= ADULT_AGE else 5
    return CardExpiry(
        resident_id=resident_id,
        card_expires=nth_birthday_after(birth_date, issued_on, card_years),
        certificate_expires=nth_birthday_after(birth_date, issued_on, 5),
    )


def _expiries(municipality_code: str) -> list[CardExpiry]:
    rows = (
        Resident.objects.for_municipality(municipality_code)
        .filter(
            status=ResidentStatus.ACTIVE,
            my_number_card_status=CardStatus.ISSUED,
            my_number_card_status_on__isnull=False,
        )
        .values_list("pk", "birth_date", "my_number_card_status_on")
    )
    return [card_expiry(pk, birth, issued) for pk, birth, issued in rows if issued is not None]


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months(first: dt.date, count: int) -> list[dt.date]:
    months = [_month(first)]
    while len(months) < count:
        last = months[-1]
        months.append(dt.date(last.year + last.month // 12, last.month % 12 + 1, 1))
    return months


@dataclass(frozen=True)
class MonthForecast:
    month: dt.date
    cards: int
    certificates: int


def renewal_forecast(
    *, municipality_code: str, first: dt.date, months: int = 12
) -> list[MonthForecast]:
    """更新対象の見込み: cards and certificates expiring in each month (counts only)."""
    expiries = _expiries(municipality_code)
    cards = Tally(_month(e.card_expires) for e in expiries)
    certificates = Tally(_month(e.certificate_expires) for e in expiries)
    return [
        MonthForecast(month=m, cards=cards[m], certificates=certificates[m])
        for m in _months(first, months)
    ]


@dataclass(frozen=True)
class RenewalNotice:
    name: str
    address: str
    card_expires: dt.date | None
    certificate_expires: dt.date | None


def renewal_notices_for_month(*, municipality_code: str, month: dt.date) -> list[RenewalNotice]:
    """有効期限通知書の宛先: holders whose card or certificate expires in `month` (personal
    data: the caller audits the read)."""
    due = {
        e.resident_id: e
        for e in _expiries(municipality_code)
        if _month(month) in (_month(e.card_expires), _month(e.certificate_expires))
    }
    residents = (
        Resident.objects.for_municipality(municipality_code)
        .filter(pk__in=due)
        .order_by("address_code", "address", "pk")
    )
    notices = []
    for resident in residents:
        expiry = due[resident.pk]
        notices.append(
            RenewalNotice(
                name=resident.name,
                address=f"{resident.address}{resident.address_extra}",
                card_expires=expiry.card_expires
                if _month(expiry.card_expires) == _month(month)
                else None,
                certificate_expires=(
                    expiry.certificate_expires
                    if _month(expiry.certificate_expires) == _month(month)
                    else None
                ),
            )
        )
    return notices


def renewal_notices_pdf(
    *, municipality_name: str, notices: list[RenewalNotice], booking_url: str
) -> bytes:
    """有効期限通知書 (one page per holder, for window envelopes) as one PDF."""
    html = render_to_string(
        "visits/renewal_notices.html",
        {"municipality_name": municipality_name, "notices": notices, "booking_url": booking_url},
    )
    stylesheet = CSS(string=render_to_string("visits/renewal_notices.css"))
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    return pdf
