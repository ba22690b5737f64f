from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from jichitai.audit.models import AuditRecord
from jichitai.tenants.errors import MunicipalityListInvalid, MunicipalityNotFound
from jichitai.tenants.models import Municipality
from jichitai.tenants.services import municipality_list_load, municipality_onboard

HEADER = "lg_code,kind,prefecture,name,name_kana,parent_lg_code\n"


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_load_real_list_loads_every_code_and_is_idempotent() -> None:
    first = municipality_list_load(source=settings.JICHITAI_MUNICIPALITIES_CSV)
    second = municipality_list_load(source=settings.JICHITAI_MUNICIPALITIES_CSV)

    assert first.created == 1969
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1969)
    sapporo_chuo = Municipality.objects.get(lg_code="011011")
    assert sapporo_chuo.parent_id == "011002"
    assert sapporo_chuo.full_name == "北海道札幌市中央区"
    assert Municipality.objects.filter(kind="municipality").count() == 1747
    assert AuditRecord.objects.filter(action="municipality.list_load").count() == 2


@pytest.mark.django_db
def test_load_updates_a_changed_name(tmp_path: Path) -> None:
    municipality_list_load(source=_csv(tmp_path, "100005,prefecture,群馬県,,ぐんまけん,\n"))
    report = municipality_list_load(
        source=_csv(
            tmp_path,
            "100005,prefecture,群馬県,,ぐんまけん,\n"
            "102121,municipality,群馬県,みどり市,みどりし,100005\n",
        )
    )
    assert (report.created, report.unchanged) == (1, 1)


@pytest.mark.django_db
def test_load_rejects_bad_rows_with_line_numbers_and_writes_nothing(tmp_path: Path) -> None:
    source = _csv(
        tmp_path,
        "100005,prefecture,群馬県,,ぐんまけん,\n"
        "102122,municipality,群馬県,みどり市,みどりし,100005\n"  # check digit should be 1
        "104493,village,群馬県,みなかみ町,みなかみまち,100005\n"
        "104647,municipality,群馬県,玉村町,たまむらまち,999999\n"
        "100005,prefecture,群馬県,,ぐんまけん,\n",
    )
    with pytest.raises(MunicipalityListInvalid) as caught:
        municipality_list_load(source=source)

    # `field` points at the line and column; the message names the line for the command.
    codes = {(e.field, e.code) for e in caught.value.errors}
    assert ("/3/lg_code", "lg_code.check_digit") in codes
    assert ("/4/kind", "municipality.kind_invalid") in codes
    assert ("/5/parent_lg_code", "municipality.parent_unknown") in codes
    assert ("/6/lg_code", "municipality.duplicate") in codes
    assert all(e.message.startswith(f"{e.tokens[0]}行目") for e in caught.value.errors)
    assert "何も登録していません" in caught.value.detail
    assert Municipality.objects.count() == 0


@pytest.mark.django_db
def test_load_rejects_a_file_with_the_wrong_header(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("団体コード,都道府県名\n011002,北海道\n", encoding="utf-8")
    with pytest.raises(MunicipalityListInvalid) as caught:
        municipality_list_load(source=path)
    assert caught.value.code == "municipality.csv_header"


@pytest.mark.django_db
def test_command_reports_each_bad_line_and_fails(tmp_path: Path) -> None:
    source = _csv(tmp_path, "100006,prefecture,群馬県,,ぐんまけん,\n")
    with pytest.raises(CommandError, match="1件の誤り"):
        call_command("load-municipalities", str(source))
    assert Municipality.objects.count() == 0


@pytest.mark.django_db
def test_onboard_unknown_code_is_refused() -> None:
    with pytest.raises(MunicipalityNotFound):
        municipality_onboard(lg_code="102121", actor=None)
