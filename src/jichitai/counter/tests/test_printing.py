"""The printed summary (窓口の控え): after completion the resident takes home what was done, what
comes next and the forms a law still wants on paper, filled; before completion there is none."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from jichitai.audit.models import AuditRecord
from jichitai.conftest import signed_in
from jichitai.counter.completion import session_complete
from jichitai.counter.errors import SessionNotCompleted
from jichitai.counter.printing import session_summary_pdf
from jichitai.counter.tests.conftest import Story
from jichitai.counter.tests.test_services import _confirmed, _ids
from jichitai.registry.tests.certificates.helpers import flat, pdf_text


def _reading_order(pdf: bytes, tmp_path: Path) -> str:
    """The text in reading order (a name wrapping in its table cell stays whole), flattened."""
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: apt-get install poppler-utils"
    run = subprocess.run([pdftotext, str(path), "-"], check=True, capture_output=True, text=True)  # noqa: S603
    return flat(run.stdout)


def test_the_summary_names_every_procedure_and_fills_the_paper_form(
    story: Story, tmp_path: Path
) -> None:
    session = session_complete(**_ids(story, _confirmed(story)), actor=story.clerk)
    rendered = session_summary_pdf(**_ids(story, session), actor=story.clerk)

    text = _reading_order(rendered.pdf, tmp_path)
    assert "窓口でのお手続の控え" in text
    assert "山田花子様" in text
    for case in session.result["cases"]:
        assert case["procedure"] in text
        assert case["reference"] in text
    # Decided at the counter, or (her income unknown here) waiting for the department.
    assert "窓口で決定しました" in text
    assert "担当課が審査します" in text
    assert "署名用電子証明書を新しく発行しました" in text
    # 転入学 still goes to the school on paper: its own page, filled with 翔太's data.
    assert rendered.pages >= 2
    form = pdf_text(rendered.pdf, tmp_path, page=rendered.pages)
    assert "転入学の届出" in form
    assert "学校教育法施行令第5条・第7条" in form
    assert "山田翔太" in form
    assert "山田美咲" not in form  # 3 years old: no school yet
    assert AuditRecord.objects.filter(action="counter.summary_print").count() == 1


def test_there_is_no_summary_before_completion(story: Story) -> None:
    session = _confirmed(story)
    with pytest.raises(SessionNotCompleted):
        session_summary_pdf(**_ids(story, session), actor=story.clerk)


def test_the_console_downloads_the_summary(story: Story) -> None:
    session = session_complete(**_ids(story, _confirmed(story)), actor=story.clerk)
    client = signed_in(story.clerk)
    url = reverse(
        "counter:summary_pdf", kwargs={"lg_code": "104493", "session_id": session.public_id}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="counter-summary.pdf"'
    assert response.content.startswith(b"%PDF")
