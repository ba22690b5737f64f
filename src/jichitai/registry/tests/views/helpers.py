"""Reading the registry's staff pages and filling their forms, for the tests of
registry/views (the Django test client): URLs, texts, the error next to a field, form data."""

from __future__ import annotations

import re

from jichitai.common.checkdigits import my_number_check_digit
from jichitai.registry.models import Resident
from jichitai.testing.client import ClientResponse

LG = "102121"


def my_number(body: str) -> str:
    return f"{body}{my_number_check_digit(body)}"


def url(path: str) -> str:
    return f"/{LG}/registry/{path}"


def fresh(resident: Resident) -> Resident:
    return Resident.objects.get(pk=resident.pk)


def text(response: ClientResponse) -> str:
    return response.content.decode()


def field_error(response: ClientResponse, field_id: str) -> str:
    """The error list rendered next to a field (includes/field.html: id="<id>_error")."""
    match = re.search(
        rf'<ul class="jt-field__errors" id="{field_id}_error">(.*?)</ul>', text(response), re.S
    )
    assert match, f"no error next to {field_id}"
    return match.group(1)


def dates(**extra: str) -> dict[str, str]:
    return {"effective_on": "令和8年4月7日", "notified_on": "R8.4.7", **extra}


def move_in_data(**override: str) -> dict[str, str]:
    data = {
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "1",
        "people-MIN_NUM_FORMS": "1",
        "people-MAX_NUM_FORMS": "7",
        "change_type": "move_in",
        **dates(),
        "postal_code": "376-0101",
        "address": "群馬県みどり市大間々町大間々2000番地",
        "previous_address": "埼玉県さいたま市浦和区1番",
        "people-0-name": "鈴木　一郎",
        "people-0-name_kana": "すずき　いちろう",
        "people-0-birth_date": "S55.1.2",
        "people-0-sex": "1",
        "people-0-relationship": "世帯主",
        "people-0-resident_type": "japanese",
        "people-0-my_number": my_number("23456789012"),
        "people-1-name": "鈴木　二郎",
        "people-1-name_kana": "スズキ　ジロウ",
        "people-1-birth_date": "2010-05-05",
        "people-1-sex": "1",
        "people-1-relationship": "子",
        "people-1-resident_type": "japanese",
    }
    data.update(override)
    return data
