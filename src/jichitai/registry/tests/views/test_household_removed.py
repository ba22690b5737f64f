"""消除対象者記載 (doc/j430.txt §3.3): the household page shows the members removed from it
(転出, 死亡 …), marked 除票, with the reason and the date in 和暦."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import residents_remove
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality


def _section(page: str, heading: str) -> str:
    match = re.search(rf"<h2 id=\"{heading}\">.*?</section>", page, re.S)
    assert match, f"no section {heading}"
    return match.group(0)


def test_the_household_page_lists_removed_members_marked_with_reason_and_date(
    clerk_client: Client, midori: Municipality, family: dict[str, Resident]
) -> None:
    for name, change_type, day, moving_to in (
        ("美咲", ChangeType.DEATH, dt.date(2026, 3, 1), ""),
        ("翔太", ChangeType.MOVE_OUT, dt.date(2026, 4, 1), "東京都港区"),
    ):
        residents_remove(
            municipality=midori,
            change_type=change_type,
            resident_ids=[family[name].pk],
            effective_on=day,
            notified_on=day,
            actor=None,
            moving_to_address=moving_to,
        )
    page = _text(clerk_client.get(_url(f"households/{family['花子'].household_id}/")))
    living = _section(page, "members-heading")
    assert "山田　花子" in living and "山田　翔太" not in living
    removed = _section(page, "removed-heading")
    assert removed.index("山田　翔太") < removed.index("山田　美咲")  # latest removal first
    assert removed.count(">除票</span>") == 2
    assert "国内転出" in removed and "令和8年4月1日" in removed
    assert "死亡" in removed and "令和8年3月1日" in removed
    viewed = AuditRecord.objects.filter(action="registry.household_view").last()
    assert viewed is not None and viewed.detail == {"residents": 3}


def test_a_household_with_no_removed_member_shows_no_such_list(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.get(_url(f"households/{family['花子'].household_id}/")))
    assert "消除された世帯員" not in page
