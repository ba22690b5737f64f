import datetime as dt

import pytest

from jichitai.payments.codes import (
    ElNumber,
    cvs_barcode_data,
    cvs_barcode_parse,
    mod10w31_check_digit,
    qr_parse,
    qr_payload,
)


def test_gs1_check_digit_matches_a_real_jan_code() -> None:
    # 4901234567894 is GS1 Japan's own example JAN: 490123456789 → check digit 4.
    assert mod10w31_check_digit("490123456789") == 4


def test_issued_el_number_has_valid_check_digits_and_a_typo_is_caught() -> None:
    el = ElNumber.issue(collector="11111", category="301", serial_body="301111110000001")
    assert ElNumber.payment_number_valid(el.payment_number)
    assert ElNumber.confirmation_valid(el.confirmation)
    typo = (
        el.payment_number[:-2] + str((int(el.payment_number[-2]) + 1) % 10) + el.payment_number[-1]
    )
    assert not ElNumber.payment_number_valid(typo)


def test_qr_payload_reads_back_and_rejects_a_changed_number() -> None:
    el = ElNumber.issue(collector="11111", category="301", serial_body="301111110000001")
    text = qr_payload(el, amount=10_800, due_on=dt.date(2027, 5, 31))
    content = qr_parse(text)
    assert content is not None
    assert (content.el, content.amount, content.due_on) == (el, 10_800, dt.date(2027, 5, 31))
    assert qr_parse(text.replace(el.payment_number, "1" * 16)) is None


def test_cvs_barcode_is_44_digits_and_carries_number_and_amount() -> None:
    el = ElNumber.issue(collector="11111", category="301", serial_body="301111110000001")
    data = cvs_barcode_data(
        company_code="911111", el=el, due_on=dt.date(2027, 5, 31), amount=10_800
    )
    assert data is not None and len(data) == 44 and data.startswith("91911111")
    assert data[30:36] == "270531"
    assert cvs_barcode_parse(data) == (el.payment_number, 10_800)
    assert cvs_barcode_parse(data[:-1] + str((int(data[-1]) + 1) % 10)) is None


@pytest.mark.parametrize("amount", [0, 1_000_000])
def test_cvs_barcode_absent_when_amount_does_not_fit(amount: int) -> None:
    el = ElNumber.issue(collector="11111", category="301", serial_body="301111110000001")
    assert (
        cvs_barcode_data(company_code="911111", el=el, due_on=dt.date(2027, 5, 31), amount=amount)
        is None
    )
