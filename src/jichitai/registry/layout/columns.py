"""The files of the migration layout and their columns: file names, the format's name and
version, and the (Japanese heading, key) pairs of every CSV (docs/registry-layout.md)."""

from __future__ import annotations

from jichitai.registry.models import Resident
from jichitai.registry.services.recording import SNAPSHOT_EXCLUDED

LAYOUT_FORMAT = "jichitai-registry-layout"
# 2: 記載の履歴番号 (再転入者, item 7), 生年月日の不詳日の形式 and 生年月日（不詳日等の表記）
# (issue #13 item 4).
LAYOUT_VERSION = 2
STANDARD = "住民記録システム標準仕様書 第1.0版 §10.6（中間標準レイアウトの暫定版。docs/registry-layout.md）"

MANIFEST = "manifest.json"
HOUSEHOLDS = "世帯.csv"
CHANGES = "異動.csv"
RESIDENTS = "住民.csv"
HISTORY = "住民履歴.csv"
CODES = "コード対応.csv"
# 支援措置 (doc/j1190.txt §7.2.3: 宛名連携 carries 支援対象者管理データ): one row per protected
# person and measure, so that a system fed from this file withholds their address too.
SUPPORT_MEASURES = "支援措置.csv"


# 住民.csv and the item part of 住民履歴.csv: every item of the record (Resident), in the
# standard's words. `household_number` stands for the household, `my_number` is plaintext.
ITEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("宛名番号", "atena_number"),
    ("履歴番号", "history_number"),
    # 再転入者: the 履歴番号 where the current 住民票 (記載) begins; 1 for most people.
    ("記載の履歴番号", "entry_history_number"),
    ("世帯番号", "household_number"),
    # 世帯主の氏名 as the row's change left it (doc/j200.txt §1.2.1); derived, not imported.
    ("世帯主の氏名", "household_head_name"),
    ("住民票コード", "resident_code"),
    ("個人番号", "my_number"),
    ("住民種別", "resident_type"),
    ("住民状態", "status"),
    ("世帯主との続柄", "relationship"),
    ("世帯員の並び順", "household_order"),
    ("氏名", "name"),
    ("氏名の振り仮名", "name_kana"),
    ("氏名の振り仮名確認フラグ", "name_kana_confirmed"),
    ("氏名（アルファベット）", "name_alphabet"),
    ("旧氏", "former_surname"),
    ("旧氏の振り仮名", "former_surname_kana"),
    ("旧氏の振り仮名確認フラグ", "former_surname_kana_confirmed"),
    ("通称", "alias"),
    ("通称の振り仮名", "alias_kana"),
    ("通称の振り仮名確認フラグ", "alias_kana_confirmed"),
    ("生年月日", "birth_date"),
    # 不詳日・暦上日以外 (doc/j80.txt §1.1.8): the form and the text as written; 生年月日 then
    # holds the internal day (the latest possible), never shown.
    ("生年月日の不詳日の形式", "birth_date_form"),
    ("生年月日（不詳日等の表記）", "birth_date_text"),
    ("性別", "sex"),
    ("本籍", "domicile"),
    ("筆頭者", "domicile_head"),
    ("住民となった年月日", "became_resident_on"),
    ("住所の郵便番号", "postal_code"),
    ("住所", "address"),
    ("住所コード", "address_code"),
    ("方書", "address_extra"),
    ("住所を定めた年月日", "address_fixed_on"),
    ("届出の年月日", "notified_on"),
    ("転入前住所", "previous_address"),
    ("転入前住所の郵便番号", "previous_postal_code"),
    ("最終登録住所地", "last_registered_address"),
    ("国籍・地域", "nationality"),
    ("法第30条の45に規定する区分", "foreign_category"),
    ("在留資格", "residence_status"),
    ("在留期間", "period_of_stay"),
    ("在留期間の満了の日", "stay_expires_on"),
    ("在留カード等の番号", "residence_card_number"),
    ("選挙人名簿への登録の有無", "on_electoral_roll"),
    ("国民健康保険の被保険者該当の有無", "national_health_insurance"),
    ("国民健康保険の資格取得年月日", "nhi_acquired_on"),
    ("国民健康保険の資格喪失年月日", "nhi_lost_on"),
    ("国民健康保険の退職被保険者等", "nhi_retiree"),
    ("後期高齢者医療の被保険者該当の有無", "late_elderly_insurance"),
    ("介護保険の被保険者該当の有無", "care_insurance"),
    ("国民年金の被保険者該当の有無", "national_pension"),
    ("基礎年金番号", "basic_pension_number"),
    ("国民年金の種別", "pension_category"),
    ("国民年金の種別の変更年月日", "pension_category_changed_on"),
    ("国民年金の資格取得年月日", "pension_acquired_on"),
    ("国民年金の資格喪失年月日", "pension_lost_on"),
    ("児童手当の受給の有無", "child_allowance"),
    ("消除事由", "removal_reason"),
    ("事由の生じた年月日", "removed_on"),
    ("転出先住所", "moving_to_address"),
    ("転出先住所の郵便番号", "moving_to_postal_code"),
    ("個人番号カードの発行状況", "my_number_card_status"),
    ("個人番号カードの発行状況の年月日", "my_number_card_status_on"),
    ("住基カードの発行状況", "juki_card_status"),
    ("住基カードの発行状況の年月日", "juki_card_status_on"),
)
ITEM_KEYS = tuple(key for _, key in ITEM_COLUMNS)

HOUSEHOLD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("世帯番号", "household_number"),
    ("現存", "is_active"),
)
CHANGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("異動番号", "change_number"),
    ("異動事由", "change_type"),
    ("異動日", "effective_on"),
    ("届出日", "change_notified_on"),
    ("処理日時", "processed_at"),
    ("留意事項", "note"),
    ("取消対象異動番号", "cancels_number"),
    # 申出日 of a change made on 申出 (§4.6.1.1, §4.2.0.5); in LATER_COLUMNS.
    ("申出日", "change_offered_on"),
)
# Columns added to version 1 after its first files were written (issue #13), with the cell a
# file without them stands for: such a file still imports, the items left blank.
LATER_COLUMNS: dict[str, str] = {
    "転入前住所の郵便番号": "",
    "住所コード": "",
    "最終登録住所地": "",
    "国民健康保険の資格取得年月日": "",
    "国民健康保険の資格喪失年月日": "",
    "国民健康保険の退職被保険者等": "0",
    "基礎年金番号": "",
    "国民年金の種別": "",
    "国民年金の種別の変更年月日": "",
    "国民年金の資格取得年月日": "",
    "国民年金の資格喪失年月日": "",
    "転出先住所の郵便番号": "",
    "個人番号カードの発行状況": "",
    "個人番号カードの発行状況の年月日": "",
    "住基カードの発行状況": "",
    "住基カードの発行状況の年月日": "",
    "申出日": "",
    "世帯主の氏名": "",
    "旧氏の振り仮名確認フラグ": "0",
    "通称の振り仮名確認フラグ": "0",
}
RESIDENT_COLUMNS = ITEM_COLUMNS
HISTORY_COLUMNS: tuple[tuple[str, str], ...] = (
    ITEM_COLUMNS[:2] + CHANGE_COLUMNS[:5] + ITEM_COLUMNS[2:]
)
SUPPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("支援措置番号", "measure_number"),
    ("宛名番号", "atena_number"),
    ("区分", "role"),
    ("申出者との関係", "relation"),
    ("支援措置の開始年月日", "starts_on"),
    ("支援措置の終了年月日", "ends_on"),
    ("仮支援措置", "provisional"),
    ("延長の回数", "extensions"),
)
CODE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("種別", "kind"),
    ("コード", "code"),
    ("表記", "label"),
)

FILE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    HOUSEHOLDS: HOUSEHOLD_COLUMNS,
    CHANGES: CHANGE_COLUMNS,
    RESIDENTS: RESIDENT_COLUMNS,
    HISTORY: HISTORY_COLUMNS,
    SUPPORT_MEASURES: SUPPORT_COLUMNS,
    CODES: CODE_COLUMNS,
}
FILE_KINDS = {
    HOUSEHOLDS: "世帯",
    CHANGES: "異動",
    RESIDENTS: "住民（現在の記載）",
    HISTORY: "住民履歴（全履歴）",
    SUPPORT_MEASURES: "支援措置（支援対象者と期間）",
    CODES: "コード対応",
}


def snapshot_keys() -> tuple[str, ...]:
    """The keys of a history snapshot, in the order recording.snapshot_of writes them."""
    keys = [
        "household_id" if f.name == "household" else f.name
        for f in Resident._meta.concrete_fields
        if f.name not in SNAPSHOT_EXCLUDED
    ]
    return (*keys, "household_number", "household_head_name")


SNAPSHOT_KEYS = snapshot_keys()
# Fields of Resident filled from the item columns (the rest: keys, ciphertext, search keys).
RESIDENT_FIELDS = tuple(
    k for k in ITEM_KEYS if k not in ("household_number", "household_head_name", "my_number")
)
