"""A procedure's JSON Schema as a form and back: what the resident types becomes typed data."""

from __future__ import annotations

from django.http import QueryDict

from jichitai.common.exceptions import FieldError
from jichitai.portal.schema_form import form_data_from_post, form_fields
from jichitai.procedures.summary import data_summary

SCHEMA = {
    "type": "object",
    "required": ["born", "members"],
    "properties": {
        "born": {"type": "string", "format": "date", "title": "生年月日"},
        "sex": {
            "type": "string",
            "title": "性別",
            "oneOf": [{"const": "1", "title": "男"}, {"const": "2", "title": "女"}],
        },
        "count": {"type": "integer", "title": "人数"},
        "agree": {"type": "boolean", "title": "同意する"},
        "members": {
            "type": "array",
            "title": "一緒に転出する人",
            "items": {
                "type": "object",
                "properties": {
                    "resident_id": {"type": "integer"},
                    "name": {"type": "string", "title": "氏名"},
                    "lives_together": {"type": "boolean", "title": "同居"},
                },
            },
        },
        "wishes": {"type": "array", "maxItems": 5, "items": {"type": "string", "title": "希望"}},
    },
}
MEMBERS = {
    "/members": [{"resident_id": 7, "name": "山田　翔太"}, {"resident_id": 8, "name": "山田　美咲"}]
}


def test_dates_are_typed_in_wareki_and_stored_as_iso() -> None:
    post = QueryDict(mutable=True)
    post.update({"/born": "R8.4.7", "/count": "3", "/agree": "on", "/wishes/0": "みどり保育園"})
    data = form_data_from_post(SCHEMA, post, prefilled_rows=MEMBERS)
    assert data["born"] == "2026-04-07"
    assert data["count"] == 3
    assert data["agree"] is True
    assert data["wishes"] == ["みどり保育園"]
    assert data["members"] == []


def test_an_unreadable_date_is_kept_for_the_schema_to_report() -> None:
    post = QueryDict(mutable=True)
    post.update({"/born": "令和0年1月1日"})
    assert form_data_from_post(SCHEMA, post)["born"] == "令和0年1月1日"


def test_an_unreadable_number_is_kept_for_the_schema_to_report() -> None:
    """「²」, 「--5」 or 5,000 digits are no integer: kept as typed, so the schema says
    「数値で入力」 next to the field instead of the page answering 500."""
    for typed in ("²", "--5", "9" * 5000):
        post = QueryDict(mutable=True)
        post.update({"/count": typed})
        assert form_data_from_post(SCHEMA, post)["count"] == typed
    post = QueryDict(mutable=True)
    post.update({"/count": "-2"})
    assert form_data_from_post(SCHEMA, post)["count"] == -2


def test_chosen_members_come_from_the_server_not_the_post() -> None:
    post = QueryDict(mutable=True)
    post.update(
        {
            "/members/1/__selected": "on",
            "/members/1/name": "書き換えた名前",
            "/members/1/resident_id": "999",
            "/members/1/lives_together": "on",
        }
    )
    data = form_data_from_post(SCHEMA, post, prefilled_rows=MEMBERS)
    assert data["members"] == [{"resident_id": 8, "name": "山田　美咲", "lives_together": True}]


def test_the_form_shows_labels_wareki_and_errors_in_place() -> None:
    fields = {
        f.pointer: f
        for f in form_fields(
            SCHEMA,
            {"born": "1990-06-15", "sex": "2"},
            errors=[FieldError("/count", "form.type", "「人数」の形式が正しくありません。")],
            prefilled_rows=MEMBERS,
        )
    }
    assert fields["/born"].value == "平成2年6月15日"
    assert fields["/sex"].widget == "radio"
    assert fields["/sex"].choices == [("1", "男"), ("2", "女")]
    assert fields["/count"].errors == ["「人数」の形式が正しくありません。"]
    members = fields["/members"]
    assert members.widget == "choice_rows"
    assert [row.shown for row in members.rows] == [
        [("氏名", "山田　翔太")],
        [("氏名", "山田　美咲")],
    ]
    assert [i.pointer for i in members.rows[0].inputs] == ["/members/0/lives_together"]
    assert len(fields["/wishes"].rows) == 3


def test_the_summary_reads_like_a_person_would() -> None:
    rows = data_summary(
        SCHEMA,
        {"born": "1990-06-15", "sex": "2", "members": [{"resident_id": 7, "name": "山田　翔太"}]},
    )
    assert [(r.label, r.value) for r in rows[:2]] == [
        ("生年月日", "平成2年6月15日"),
        ("性別", "女"),
    ]
    assert [(c.label, c.value) for c in rows[2].children[0].children] == [("氏名", "山田　翔太")]
