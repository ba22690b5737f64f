"""Fixtures of the certificate tests: a mayor to certify, the 鈴木 household (with 個人番号
and 本籍) and the 山田 family with a mayor, for the pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.registry.models import Resident
from jichitai.registry.tests.certificates.helpers import MY_NUMBER
from jichitai.registry.tests.certificates.helpers import register as _register
from jichitai.registry.tests.certificates.helpers import set_mayor_name as _mayor_name
from jichitai.registry.tests.factories import person as _person
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality


@pytest.fixture
def mayor(midori: Municipality) -> None:
    _mayor_name(midori, "山田　一郎")


@pytest.fixture
def household(midori: Municipality, mayor: None) -> list[Resident]:
    """鈴木家: 世帯主 (with 個人番号 and 本籍), 妻, 子."""
    return _register(
        midori,
        [
            _person(
                "鈴木　一郎",
                "スズキ　イチロウ",
                dt.date(1980, 5, 3),
                "1",
                "世帯主",
                my_number=MY_NUMBER,
                domicile="群馬県みどり市大間々町大間々1番地",
                domicile_head="鈴木　一郎",
            ),
            _person("鈴木　花子", "スズキ　ハナコ", dt.date(1983, 11, 20), "2", "妻"),
            _person("鈴木　翔太", "スズキ　ショウタ", dt.date(2015, 2, 14), "1", "子"),
        ],
        "群馬県みどり市笠懸町阿左美1234番地",
    )


@pytest.fixture
def family(midori: Municipality) -> dict:
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    return yamada_family(midori)
