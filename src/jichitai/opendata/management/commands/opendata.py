"""jichitai opendata …: the 自治体標準オープンデータセット from the command line.

validate FILE [--dataset NAME] [--json]   ファイルを検証する（エラーがあれば終了コード1）
datasets                                  データセット定義の一覧
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.common.exceptions import DomainError
from jichitai.opendata.reading import MAX_FILE_BYTES
from jichitai.opendata.selectors import dataset_list, file_validate
from jichitai.opendata.validation import ValidationReport, findings_by_record

BASIS_LABELS = {
    "official": "定義書（正式版）",
    "published_file": "自治体の公開ファイルの見出し",
    "suisyou": "旧推奨データセットのみ確実",
}


class Command(BaseCommand):
    help = "自治体標準オープンデータセットの検証とデータセット定義の一覧。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        validate = actions.add_parser(
            "validate", help="CSV（UTF-8/CP932）またはExcel（.xlsx）のファイルを検証する"
        )
        validate.add_argument("file", help="検証するファイル")
        validate.add_argument(
            "--dataset", help="データセット（省略時はファイル名と見出しから判別）: aed など"
        )
        validate.add_argument(
            "--json", action="store_true", help="結果をJSONで出力する（指摘ごとに記録・行・列）"
        )
        actions.add_parser("datasets", help="データセット定義の一覧")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "datasets":
            self._datasets()
            return
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError("ファイルが大きすぎます（20MBまで）。")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"ファイルを読めません: {path}（{exc.strerror}）") from exc
        try:
            report = file_validate(data, filename=path.name, dataset_key=options["dataset"])
        except DomainError as exc:
            raise CommandError(f"{exc.detail}（{exc.code}）") from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(path, report)
        if not report.publishable:
            sys.exit(1)

    def _datasets(self) -> None:
        for dataset in dataset_list():
            required = "、".join(c.name for c in dataset.columns if c.required)
            self.stdout.write(
                f"{dataset.key:<18} {dataset.title}（{len(dataset.columns)}項目、"
                f"{BASIS_LABELS[dataset.basis]}） 必須: {required}"
            )

    def _print(self, path: Path, report: ValidationReport) -> None:
        layout = "自治体標準" if report.layout == "standard" else "旧推奨データセット"
        self.stdout.write(
            f"{path.name}: {report.dataset.title}（{report.dataset.key}）、{layout}の様式、"
            f"{report.encoding}、{report.record_count}件"
        )
        for record, findings in findings_by_record(report):
            for f in findings:
                where = "ファイル" if record is None else f"記録{record}（{f.line}行目）"
                column = f" 列「{f.column}」" if f.column else ""
                mark = "エラー" if f.severity == "error" else "警告"
                self.stdout.write(f"  {where}{column} [{mark} {f.code}] {f.message}")
        verdict = "公開できます" if report.publishable else "エラーを直すまで公開できません"
        self.stdout.write(
            f"エラー {len(report.errors)}件、警告 {len(report.warnings)}件: {verdict}。"
        )
