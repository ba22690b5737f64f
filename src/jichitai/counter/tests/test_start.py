"""A session starts from a register search too (転居, 出生, 死亡 … of someone living here): the
name and birth date go in a POST body, the read is audited, and only living residents of this
municipality come up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import InvalidInput
from jichitai.conftest import signed_in
from jichitai.counter.errors import StartRequired
from jichitai.counter.models import CounterSession
from jichitai.counter.services import residents_find
from jichitai.counter.tests.conftest import Story, staff
from jichitai.identity.models import Role


def test_the_register_search_finds_the_living_resident(story: Story) -> None:
    clerk = staff(story.midori, "midori_madoguchi", Role.COUNTER)
    hanako = story.family["花子"]

    found = residents_find(
        municipality=story.midori, actor=clerk, name="やまだ はなこ", birth=str(hanako.birth_date)
    )

    assert found == [hanako]
    audited = AuditRecord.objects.get(action="counter.resident_search")
    assert audited.detail == {"residents": 1}
    # Another municipality's counter finds nobody of みどり市.
    assert (
        residents_find(municipality=story.minakami, actor=story.clerk, name="山田", birth="") == []
    )


def test_an_empty_or_unreadable_search_is_refused(story: Story) -> None:
    with pytest.raises(StartRequired):
        residents_find(municipality=story.minakami, actor=story.clerk, name=" ", birth="")
    with pytest.raises(InvalidInput):
        residents_find(municipality=story.minakami, actor=story.clerk, name="", birth="2月30日")


def test_the_console_starts_a_session_from_the_search(story: Story) -> None:
    clerk = staff(story.midori, "midori_madoguchi", Role.COUNTER)
    client = signed_in(clerk)
    home = reverse("counter:home", kwargs={"lg_code": "102121"})

    page = client.post(home, {"name": "山田", "birth": ""})

    assert page.status_code == 200
    assert "3人見つかりました" in page.content.decode()
    assert "山田" not in page.request["QUERY_STRING"]
    hanako = story.family["花子"]
    opened = client.post(
        reverse("counter:session_open", kwargs={"lg_code": "102121"}), {"resident": hanako.pk}
    )
    session = CounterSession.objects.get()
    assert opened.status_code == 302
    assert opened["Location"].endswith(f"/sessions/{session.public_id}/")
    assert session.resident == hanako
    assert session.move_out_certificate is None
