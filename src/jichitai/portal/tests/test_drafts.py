"""A half-filled application is never lost to the time limit (issue 11, item 1; WCAG 2.2.1).

The form is saved server-side as the resident types, tied to them: after the session ends
and they sign in again the form comes back, until it is sent, they start over, or the stated
time passes. Nobody else sees it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from jichitai.common.ratelimit import Rate
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.drafts import draft_get, draft_save
from jichitai.portal.models import ApplicationDraft
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.procedures.models import Case
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality

APPLY = "/102121/portal/procedures/move_out/apply/"
DRAFT = "/102121/portal/procedures/move_out/draft/"
TYPED = {"/planned_move_on": "2026-12-20", "/moving_to/address": "東京都千代田区千代田1番1号"}


def _signed_in(jpki: JpkiWorld) -> Client:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    return client


def test_what_was_typed_comes_back_after_signing_in_again(
    jpki: JpkiWorld, hanako: Resident
) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    saved = client.post(DRAFT, TYPED)
    assert saved.status_code == 200
    assert saved.json()["message"].endswith("に保存しました")

    client.post("/102121/portal/signout/")  # the session ended
    again = _signed_in(jpki)
    page = again.get(APPLY).content.decode()
    assert "前回の入力内容" in page
    assert 'value="東京都千代田区千代田1番1号"' in page
    assert 'value="令和8年12月20日"' in page


def test_a_submit_with_errors_saves_the_form_too(jpki: JpkiWorld, hanako: Resident) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    refused = client.post(APPLY, {"/moving_to/address": "東京都千代田区千代田1番1号"})
    assert refused.status_code == 422
    draft = draft_get(resident=hanako, procedure_id="move_out")
    assert draft is not None
    assert draft.data["moving_to"]["address"] == "東京都千代田区千代田1番1号"


def test_starting_over_deletes_the_saved_form(jpki: JpkiWorld, hanako: Resident) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    client.post(DRAFT, TYPED)
    cleared = client.post("/102121/portal/procedures/move_out/draft/discard/", follow=True)
    page = cleared.content.decode()
    assert "保存していた入力内容を消しました。" in page
    assert "東京都千代田区千代田1番1号" not in page
    assert not ApplicationDraft.objects.exists()


def test_a_draft_past_its_time_is_not_shown_and_is_deleted(
    jpki: JpkiWorld, hanako: Resident, monkeypatch: pytest.MonkeyPatch
) -> None:
    then = timezone.now() - dt.timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: then)
    draft_save(resident=hanako, procedure_id="move_out", data={"planned_move_on": "2026-12-20"})
    monkeypatch.undo()

    assert draft_get(resident=hanako, procedure_id="move_out") is None
    draft_save(resident=hanako, procedure_id="juminhyo_request", data={})
    assert list(ApplicationDraft.objects.values_list("procedure_id", flat=True)) == [
        "juminhyo_request"
    ]


def test_sending_the_application_deletes_the_saved_form(jpki: JpkiWorld, hanako: Resident) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    checked = client.post(
        "/102121/portal/procedures/juminhyo_request/apply/",
        {
            "/applicant/name": hanako.name,
            "/applicant/birth_date": hanako.birth_date.isoformat(),
            "/applicant/address": hanako.address,
            "/persons/0/__selected": "on",
            "/purpose": "勤務先への提出",
        },
    )
    assert checked.status_code == 302, checked.content.decode()[:2000]
    assert ApplicationDraft.objects.count() == 1
    sent = client.post(
        "/102121/portal/procedures/juminhyo_request/confirm/",
        {"device": "demo", "card_id": jpki.hanako.card_id, "password": "JICHITAI1"},
    )
    assert sent.status_code == 302
    assert Case.objects.count() == 1
    assert not ApplicationDraft.objects.exists()


def test_the_saved_form_is_the_residents_alone(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality
) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    client.post(DRAFT, TYPED)
    other = Resident.objects.for_municipality(midori).exclude(pk=hanako.pk).first()
    if other is not None:
        assert draft_get(resident=other, procedure_id="move_out") is None
    # Without a session the draft endpoint signs nobody in and saves nothing.
    anonymous = Client().post(DRAFT, TYPED)
    assert anonymous.status_code == 302
    assert ApplicationDraft.objects.count() == 1


def test_drafts_are_saved_at_a_bounded_rate(
    jpki: JpkiWorld, hanako: Resident, settings: Settings, limit_clock: list[float]
) -> None:
    settings.JICHITAI_RATE_DRAFT_SAVES = Rate(2, 60)
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    assert [client.post(DRAFT, TYPED).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\u202e"])
def test_a_control_character_is_refused_and_nothing_is_saved(
    jpki: JpkiWorld, hanako: Resident, bad: str
) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    refused = client.post(DRAFT, {**TYPED, "/moving_to/address": f"東京都{bad}千代田区"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "text.invalid_character"
    # The form itself says it next to the field; no draft is written either way.
    page = client.post(APPLY, {**TYPED, "/moving_to/address": f"東京都{bad}千代田区"})
    assert page.status_code == 422
    assert "使用できない文字" in page.content.decode()
    assert not ApplicationDraft.objects.exists()


def test_a_draft_far_larger_than_a_form_is_refused(jpki: JpkiWorld, hanako: Resident) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    refused = client.post(DRAFT, {**TYPED, "/moving_to/head_name": "あ" * 30_000})
    assert refused.status_code == 422
    assert refused.json()["code"] == "portal.draft_too_large"
    assert not ApplicationDraft.objects.exists()
