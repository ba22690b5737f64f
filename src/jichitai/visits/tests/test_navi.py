"""手続ナビ: a life event's questions and ages give the procedures needed, in 日本語,
やさしい日本語 (ruby) and English; unanswered questions are asked again, nothing stored."""

from __future__ import annotations

from django.test import Client

from jichitai.tenants.models import Municipality


def test_a_family_moving_in_sees_its_procedures(client: Client, midori: Municipality) -> None:
    page = client.get(
        "/102121/visits/navi/move_in/",
        {"show": "1", "q_employee_insurance": "no", "age_0": "36", "age_1": "8", "age_2": "3"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "国民健康保険" in text and "児童手当" in text
    assert "窓口に来る日時を予約する" in text


def test_without_children_no_child_allowance(client: Client, midori: Municipality) -> None:
    page = client.get(
        "/102121/visits/navi/move_in/",
        {"show": "1", "q_employee_insurance": "yes", "age_0": "40"},
    )
    assert "児童手当" not in page.content.decode().split("必要な手続")[-1]


def test_easy_japanese_has_ruby_and_english_is_english(
    client: Client, midori: Municipality
) -> None:
    easy = client.get("/102121/visits/navi/move_in/", {"lang": "easy"}).content.decode()
    assert "<ruby>" in easy and "<rt>" in easy
    english = client.get("/102121/visits/navi/", {"lang": "en"}).content.decode()
    assert "Moving in from another municipality" in english


def test_an_unanswered_question_is_asked_again_and_garbage_is_harmless(
    client: Client, midori: Municipality
) -> None:
    page = client.get("/102121/visits/navi/move_in/", {"show": "1", "age_0": "abc"})
    assert page.status_code == 422
    assert "すべての質問に答えてください" in page.content.decode()
    assert client.get("/102121/visits/navi/no-such-event/").status_code == 404
    assert client.get("/102121/visits/navi/move_in/", {"lang": "<x>"}).status_code == 200
