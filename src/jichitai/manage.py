"""The `jichitai` console script: Django's manage.py for this project.

`jichitai --help` lists the product's own commands first, by app with what each does; Django's
commands follow under their own heading.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict

from django.core.management import ManagementUtility, get_commands, load_command_class

PRODUCT_PACKAGE = "jichitai."
APP_TITLES = {
    "tenants": "団体 (municipalities)",
    "audit": "監査 (audit)",
    "identity": "本人確認・職員 (identity, staff, My Number card)",
    "registry": "住民記録 (resident registry)",
    "linkage": "情報連携 (data linkage broker)",
    "procedures": "手続 (procedures and cases)",
    "demo": "デモ (demo data)",
}


class JichitaiUtility(ManagementUtility):
    def main_help_text(self, commands_only: bool = False) -> str:
        if commands_only:
            return super().main_help_text(commands_only=True)
        product: dict[str, list[str]] = defaultdict(list)
        others: list[str] = []
        for name, app in sorted(get_commands().items()):
            if app.startswith(PRODUCT_PACKAGE):
                product[app.removeprefix(PRODUCT_PACKAGE)].append(name)
            else:
                others.append(name)
        lines = [
            "jichitai — 自治体DXプラットフォームの管理コマンド",
            "",
            "使い方: jichitai <コマンド> [オプション]    詳しくは: jichitai help <コマンド>",
            "",
        ]
        for app, names in sorted(product.items()):
            lines.append(f"[{APP_TITLES.get(app, app)}]")
            for name in names:
                summary = (load_command_class(PRODUCT_PACKAGE + app, name).help or "").strip()
                lines.append(f"    {name:<24} {summary.splitlines()[0] if summary else ''}")
            lines.append("")
        lines.append("[Django]")
        lines.extend(f"    {name}" for name in others)
        return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jichitai.config.settings.dev")
    JichitaiUtility(sys.argv).execute()


if __name__ == "__main__":
    main()
