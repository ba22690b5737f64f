"""Where a refusal shows on a portal page (portal.refusals): at the input it is about, which
the error summary links to; as a line without a link when the page has no such input."""

from __future__ import annotations

from jichitai.common.exceptions import FieldError, InvalidInput
from jichitai.common.templatetags.jichitai_ui import SummaryLine
from jichitai.identity.jpki.errors import CardPinWrong
from jichitai.portal.refusals import refusal_of
from jichitai.procedures import errors


def test_a_wrong_secret_is_shown_at_the_page_s_secret_input() -> None:
    wrong = CardPinWrong(tries_left=2, pin_name="利用者証明用の暗証番号")
    refused = refusal_of(wrong, inputs={"secret": "pin", "card": "card_id"})
    assert refused.lines == [SummaryLine(wrong.detail, "pin")]
    assert refused.message_for("pin") == wrong.detail and refused.message_for("card_id") == ""
    assert refused.code == "jpki.card_pin_wrong"


def test_a_refusal_about_an_input_the_page_lacks_is_a_line_without_a_link() -> None:
    wrong = CardPinWrong(tries_left=2)
    refused = refusal_of(wrong, inputs={"answer": "signature"})
    assert refused.lines == [SummaryLine(wrong.detail, "")]
    assert refused.messages == {}


def test_a_refused_file_is_shown_at_its_kind_s_input() -> None:
    uploads = ["maternity_record", "id_document"]
    by_place = refusal_of(errors.attachment_type(1), inputs={}, uploads=uploads)
    assert by_place.lines[0].anchor == "attachment-id_document"
    by_kind = refusal_of(errors.attachment_required("id_document", "本人確認書類"), inputs={})
    assert by_kind.message_for("attachment-id_document") == "「本人確認書類」を添付してください。"


def test_a_problem_with_the_answers_is_listed_for_the_form_page_to_correct() -> None:
    late = InvalidInput(
        code="case.invalid",
        detail="入力内容に誤りがあります。",
        errors=[FieldError("/planned_move_on", "case.date_past", "転出予定日が過ぎています。")],
    )
    refused = refusal_of(late, inputs={"secret": "password"})
    assert refused.lines == [SummaryLine("転出予定日が過ぎています。", "")]
