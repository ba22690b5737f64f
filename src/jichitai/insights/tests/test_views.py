"""The dashboard's pages as staff use them: who may open them, the figures and tables they
show, the CSV, a bad filter, the exports and publishing for the comparison."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pyarrow as pa
import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.conftest import _staff, signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.insights.eventlog.analysis import analyze_file
from jichitai.insights.models import PublishedFigures
from jichitai.insights.services import figures_publish
from jichitai.insights.sources import sources_unregister, ticket_source_register
from jichitai.insights.tests.factories import four_cases, import_cases
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def admin(midori: Municipality) -> StaffUser:
    import_cases(midori, four_cases())
    return _staff(midori, "dx-lead", Role.ADMIN)


@pytest.fixture
def admin_client(admin: StaffUser) -> Client:
    return signed_in(admin)


def test_department_staff_see_the_figures_but_not_the_exports(midori: Municipality) -> None:
    import_cases(midori, four_cases())
    client = signed_in(_staff(midori, "kakari", Role.DEPARTMENT))
    page = client.get("/102121/insights/").content.decode()
    assert "業務の見える化" in page
    assert "4件" in page  # 申請件数
    assert "50.0%" in page  # オンライン申請の割合
    assert "/insights/export/" not in page
    assert client.get("/102121/insights/export/xes/").status_code == 403


def test_the_counter_role_is_refused(clerk_client: Client) -> None:
    assert clerk_client.get("/102121/insights/").status_code == 403


def test_a_table_downloads_as_csv_with_its_filters(admin_client: Client) -> None:
    response = admin_client.get("/102121/insights/csv/procedures/", {"channel": "online"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff手続,申請件数,")
    lines = text.strip().split("\r\n")
    # Online only: 住民票 (A) and 転出届 (C).
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["住民票の写しの交付請求", "1"],
        ["転出届", "1"],
    ]


def test_the_process_map_tables_download_too(admin_client: Client) -> None:
    text = admin_client.get("/102121/insights/csv/edges/").content.decode("utf-8")
    assert "次の段階へ回付,審査開始,1,240.0,遅い" in text
    assert admin_client.get("/102121/insights/csv/unknown/").status_code == 404


def test_a_bad_month_is_named_and_the_rest_still_shown(admin_client: Client) -> None:
    response = admin_client.get("/102121/insights/", {"since": "2026-13", "channel": "online"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "年月は 2026-04 のように入力してください。" in page
    assert "2件" in page  # the channel filter still holds


def test_the_process_map_page_shows_the_svg_and_the_bottleneck(admin_client: Client) -> None:
    page = admin_client.get("/102121/insights/process/").content.decode()
    assert '<svg class="jt-map" role="img"' in page
    assert "次の段階へ回付 → 審査開始（1件）" in page
    empty = admin_client.get("/102121/insights/process/", {"procedure": "nursery_application"})
    assert "条件に合う申請はまだありません。" in empty.content.decode()


@pytest.mark.parametrize(
    ("slug", "suffix"),
    [("xes", "xes"), ("xes-gz", "xes.gz"), ("ocel-json", "jsonocel"), ("ocel-sqlite", "sqlite")],
)
def test_exports_read_back_as_the_same_log(
    admin_client: Client, tmp_path: Path, slug: str, suffix: str
) -> None:
    response = admin_client.get(f"/102121/insights/export/{slug}/")
    assert response.status_code == 200
    target = tmp_path / f"log.{suffix}"
    target.write_bytes(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    summary = analyze_file(target, object_type="case" if slug.startswith("ocel") else None)
    assert (summary.cases, summary.events) == (4, 17)
    assert AuditRecord.objects.filter(action="insights.export_events").count() == 1


def test_an_export_of_one_procedure(admin_client: Client) -> None:
    response = admin_client.get("/102121/insights/export/xes-gz/", {"procedure": "move_out"})
    log = gzip.decompress(b"".join(response.streaming_content)).decode()  # type: ignore[attr-defined]
    assert log.count("<trace>") == 1


def test_exports_are_rate_limited(admin_client: Client, limit_clock: list[float]) -> None:
    statuses = [
        admin_client.get("/102121/insights/export/ocel-json/").status_code for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_publishing_puts_the_municipality_beside_the_others(
    admin_client: Client, minakami: Municipality
) -> None:
    import_cases(minakami, four_cases()[:1])
    figures_publish(municipality=minakami, actor=None, today=TODAY)
    response = admin_client.post("/102121/insights/publish/")
    assert response.status_code == 302
    assert PublishedFigures.objects.filter(municipality_id="102121").count() == 2
    page = admin_client.get("/102121/insights/").content.decode()
    assert "みなかみ町" in page
    text = admin_client.get("/102121/insights/csv/municipalities/").content.decode("utf-8")
    rows = [line.split(",") for line in text.strip().split("\r\n")[1:]]
    # Each municipality's latest published month: みどり市 May (2 cases), みなかみ町 April (1).
    assert [(r[1], r[2]) for r in rows] == [("2026-05", "2"), ("2026-04", "1")]
    assert AuditRecord.objects.filter(action="insights.figures_publish").count() == 2


def test_publishing_is_the_administrators(midori: Municipality) -> None:
    client = signed_in(_staff(midori, "kakari", Role.DEPARTMENT))
    assert client.post("/102121/insights/publish/").status_code == 403
    assert not PublishedFigures.objects.exists()


class _Tickets:
    """A queue (the visits app's shape, sources.py): three tickets on a Monday morning."""

    def tickets(self, *, municipality: Municipality, since: dt.date, until: dt.date) -> pa.Table:
        base = 1_780_000_000_000_000  # µs since the epoch; the durations are what counts
        minute = 60_000_000
        return pa.table(
            {
                "arrived": [base, base, base],
                "called": [base + 5 * minute, base + 15 * minute, base + 30 * minute],
                "started": [base + 6 * minute, base + 16 * minute, None],
                "ended": [base + 16 * minute, base + 20 * minute, None],
                "no_show": [False, False, True],
            }
        )


def test_a_registered_ticket_source_fills_the_counter_section(admin_client: Client) -> None:
    source = _Tickets()
    assert "まだデータがありません" in admin_client.get("/102121/insights/").content.decode()
    ticket_source_register(source)
    try:
        page = admin_client.get("/102121/insights/").content.decode()
        text = admin_client.get("/102121/insights/csv/counter/").content.decode("utf-8")
    finally:
        sources_unregister(source)
    assert "窓口の待ち時間（曜日・時台別、分）" in page
    assert "15分" in page  # median wait of 5, 15 and 30 minutes
    assert "整理券 3枚（対応済み 2枚、呼び出しても来られなかった方 1枚）" in page
    assert text.strip().split("\r\n")[1].split(",")[2:] == ["3", "15.0", "7.0"]


def test_the_pages_carry_no_script_from_elsewhere(admin_client: Client) -> None:
    page = admin_client.get("/102121/insights/process/").content.decode()
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "<script" not in page.split("</main>")[0].split("<main")[-1]


def test_a_filter_that_keeps_no_case_shows_dashes_not_an_error(admin_client: Client) -> None:
    response = admin_client.get("/102121/insights/", {"procedure": "nursery_application"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "条件に合う申請はまだありません。" in page
    assert "—" in page
