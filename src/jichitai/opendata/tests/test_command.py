"""`jichitai opendata validate FILE [--dataset NAME] [--json]` as issue 20 specifies: exit 1
when there are errors, and with --json every finding with record, line, column, code,
severity and message."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jichitai.opendata.tests.helpers import AED, TOURISM, csv_text, real_rows


def _run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("opendata", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_a_real_file_validates_with_exit_code_0() -> None:
    code, out = _run("validate", str(TOURISM))
    assert code == 0
    assert "観光施設一覧（tourism）、旧推奨データセットの様式、cp932、792件" in out
    assert "エラー 0件" in out and "公開できます" in out


def test_json_lists_every_finding_with_its_place(tmp_path: Path) -> None:
    rows = real_rows(AED, "cp932")
    rows[3][0] = "122034"  # 検査数字 wrong
    path = tmp_path / "aed.csv"
    path.write_bytes(csv_text(rows).encode("cp932"))

    code, out = _run("validate", str(path), "--dataset", "aed", "--json")

    assert code == 1
    report = json.loads(out)
    assert (report["dataset"], report["records"], report["errors"]) == ("aed", 191, 1)
    assert report["publishable"] is False
    error = next(f for f in report["findings"] if f["severity"] == "error")
    assert error == {
        "record": 3,
        "line": 4,
        "column": "全国地方公共団体コード",
        "code": "value.lg_code",
        "severity": "error",
        "message": "「122034」は全国地方公共団体コード（検査数字付きの6桁）として正しくありません。",
    }
    assert set(report["findings"][0]) == {
        "record",
        "line",
        "column",
        "code",
        "severity",
        "message",
    }


def test_text_output_says_where_and_refuses_publishing(tmp_path: Path) -> None:
    path = tmp_path / "upload.csv"
    path.write_text(
        "ID,名称,名称_カナ,所在地_連結表記,設置位置,緯度,経度\n1,A,エー,住所,1階,139.9,35.7\n",
        encoding="utf-8",
    )
    code, out = _run("validate", str(path), "--dataset", "aed")
    assert code == 1
    assert "記録1（2行目） 列「緯度」 [エラー value.coordinates_swapped]" in out
    assert "エラーを直すまで公開できません" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dataset", "nope"), "データセット「nope」は定義されていません。"),
        ((), "データセットを判別できません"),
    ],
)
def test_unknown_or_undetectable_dataset_is_an_error(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "upload.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("opendata", "validate", str(path), *args)


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ファイルを読めません"):
        call_command("opendata", "validate", str(tmp_path / "none.csv"))


def test_datasets_lists_the_definitions() -> None:
    code, out = _run("datasets")
    assert code == 0
    assert "public_toilet      公衆トイレ一覧（39項目、定義書（正式版））" in out
    assert len(out.strip().splitlines()) == 12
