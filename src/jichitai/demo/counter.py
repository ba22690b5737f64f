"""A pending 転入 for the demo's counter (書かない窓口): the 佐藤 family of みどり市 (a parent with
children of 10 and 4) recorded their 転出 to みなかみ町, whose register now holds their
転出証明書情報 waiting, so `make demo` opens the counter with someone to serve. Made once,
through the registry's own services; the parent gets a virtual card with the old address."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jichitai.common.checkdigits import my_number_check_digit
from jichitai.identity.jpki.services import virtual_card_issue
from jichitai.registry.models import ChangeType, MoveOutCertificate, Resident
from jichitai.registry.selectors import my_number_is_recorded
from jichitai.registry.services import (
    Address,
    PersonData,
    move_out_certificate_send,
    residents_register,
    residents_remove,
)
from jichitai.tenants.models import Municipality

ORIGIN, DESTINATION = "102121", "104493"  # みどり市 → みなかみ町
PARENT = PersonData(
    name="佐藤　美和",
    name_kana="サトウ　ミワ",
    birth_date=dt.date(1988, 9, 2),
    sex="2",
    relationship="世帯主",
)
MOVING_TO = "群馬県利根郡みなかみ町月夜野1744番地1"


def _children(today: dt.date) -> list[PersonData]:
    """10 and 4 on the day the demo is made: one 転入学, two 児童手当 children."""
    return [
        PersonData(
            name=name,
            name_kana=kana,
            birth_date=dt.date(today.year - age, 5, 1),
            sex=sex,
            relationship="子",
        )
        for name, kana, age, sex in (
            ("佐藤　陽斗", "サトウ　ハルト", 10, "1"),
            ("佐藤　結衣", "サトウ　ユイ", 4, "2"),
        )
    ]


def _my_number(municipality: Municipality) -> str:
    """A valid 個人番号 nobody of the municipality holds (the card carries one)."""
    rng = random.Random(15)  # noqa: S311 - made-up demo data, deterministic on purpose
    while True:
        body = f"{rng.randrange(10**10, 10**11):011d}"
        candidate = body + str(my_number_check_digit(body))
        if not my_number_is_recorded(municipality=municipality, my_number=candidate):
            return candidate


def demo_counter_move_in_seed(*, card: bool) -> MoveOutCertificate:
    """The 佐藤 family's 転出証明書情報 waiting at みなかみ町 (once; seeding again keeps it), and
    with `card` (the virtual test CA exists) the parent's virtual card."""
    waiting = MoveOutCertificate.objects.for_municipality(DESTINATION).filter(
        persons__0__name=PARENT.name
    )
    if certificate := waiting.first():
        return certificate
    today = timezone.localdate()
    origin = Municipality.objects.get(lg_code=ORIGIN)
    my_number = _my_number(origin)
    with transaction.atomic():
        arrived = residents_register(
            municipality=origin,
            change_type=ChangeType.MOVE_IN,
            people=[replace(PARENT, my_number=my_number), *_children(today)],
            address=Address(address="群馬県みどり市笠懸町鹿2952番地", postal_code="3790298"),
            # After the younger child's birth, before the 転出.
            effective_on=today - dt.timedelta(days=60),
            notified_on=today - dt.timedelta(days=60),
            actor=None,
            previous_address="埼玉県さいたま市浦和区常盤6丁目4番4号",
        )
        family = list(Resident.objects.for_municipality(origin).filter(history__change=arrived))
        parent = next(r for r in family if r.name == PARENT.name)
        if card and settings.JPKI_ALLOW_TEST_CA:
            virtual_card_issue(
                name=parent.name,
                birth_date=parent.birth_date,
                sex=parent.sex,
                address=parent.address,
                my_number=my_number,
            )
        moved_out = residents_remove(
            municipality=origin,
            change_type=ChangeType.MOVE_OUT,
            resident_ids=[r.pk for r in family],
            effective_on=today,
            notified_on=today,
            actor=None,
            moving_to_address=MOVING_TO,
        )
        move_out_certificate_send(
            municipality=origin, change_id=moved_out.pk, destination_lg_code=DESTINATION, actor=None
        )
    return waiting.get()
