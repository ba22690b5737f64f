"""HTML → PDF (registry/certificates/rendering.py): embedded Japanese fonts, pages of a long
household, and a character no font has refused rather than printed as a box."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jichitai.common.exceptions import RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.models import IssuedCertificate, Resident
from jichitai.registry.tests.certificates.helpers import flat as _flat
from jichitai.registry.tests.certificates.helpers import fonts as _fonts
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.registry.tests.certificates.helpers import pdf_text as _text
from jichitai.registry.tests.certificates.helpers import register as _register
from jichitai.registry.tests.factories import person as _person
from jichitai.tenants.models import Municipality


def test_juminhyo_embeds_a_japanese_font(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    fonts = _fonts(_issue(midori, household, clerk).pdf, tmp_path)
    assert fonts, "no fonts in the PDF"
    for row in fonts:
        name, emb = row[0], row[-5]
        assert "CJK" in name or "Mincho" in name or "Gothic" in name or "Han" in name, name
        assert emb == "yes", f"{name} is not embedded"


def test_a_long_household_pages_and_attests_on_the_last_page_only(
    midori: Municipality, mayor: None, clerk: StaffUser, tmp_path: Path
) -> None:
    people = [_person("佐藤　健", "サトウ　ケン", dt.date(1960, 1, 1), "1", "世帯主")] + [
        _person(f"佐藤　子{n}", "サトウ　コ", dt.date(1990 + n, 1, 1), "2", "子")
        for n in range(1, 9)
    ]
    residents = _register(midori, people, "群馬県みどり市東町花輪1番地")
    issued = _issue(midori, residents, clerk, include_domicile=True, include_resident_code=True)
    pages = issued.certificate.pages
    assert pages >= 2
    first, last = _text(issued.pdf, tmp_path, page=1), _text(issued.pdf, tmp_path, page=pages)
    assert f"1/{pages}" in first and f"{pages}/{pages}" in last
    number = _flat(issued.certificate.issue_number)
    assert number in first and number in last
    assert "相違ないことを証明する" not in first
    assert "相違ないことを証明する" in last


@pytest.mark.parametrize("members", range(1, 9))
def test_the_statement_and_seal_never_stand_alone_on_a_page(
    midori: Municipality, mayor: None, clerk: StaffUser, tmp_path: Path, members: int
) -> None:
    # With every optional item, 4 and 8 members used to leave the 認証文 and the seal alone on
    # the last page, certifying nothing printed beside them.
    people = [_person("佐藤　健", "サトウ　ケン", dt.date(1960, 1, 1), "1", "世帯主")] + [
        _person(f"佐藤　子{n}", "サトウ　コ", dt.date(1990 + n, 1, 1), "2", "子")
        for n in range(1, members)
    ]
    residents = _register(midori, people, "群馬県みどり市東町花輪1番地")
    issued = _issue(
        midori,
        residents,
        clerk,
        include_household_head_and_relationship=True,
        include_domicile=True,
        include_resident_code=True,
    )
    last = _text(issued.pdf, tmp_path, page=issued.certificate.pages)
    assert "相違ないことを証明する" in last
    assert "みどり市長山田一郎" in last  # the certifier beside the seal
    assert "生年月日" in last and _flat(residents[-1].name) in last


def test_a_character_no_font_has_is_refused_instead_of_printed_as_a_box(
    midori: Municipality, mayor: None, clerk: StaffUser
) -> None:
    residents = _register(
        midori,
        [_person("\ue000田　太郎", "タダ　タロウ", dt.date(1970, 1, 1), "1", "世帯主")],
        "群馬県みどり市大間々町1番地",
    )
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, residents, clerk)
    assert refused.value.code == "certificate.glyph_missing"
    assert "\ue000" not in refused.value.detail
    assert not IssuedCertificate.objects.exists()
