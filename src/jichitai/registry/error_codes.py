"""Stable codes of the registry (住民基本台帳): records, households, changes, certificates,
moves between municipalities and the import of another system's files."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class RegistryErrorCode(ErrorCode):
    RESIDENT_NOT_FOUND = (
        "resident.not_found",
        404,
        "unknown resident id — also another municipality's",
    )
    HOUSEHOLD_NOT_FOUND = (
        "household.not_found",
        404,
        "unknown household id — also another municipality's",
    )
    CHANGE_NOT_FOUND = "change.not_found", 404, "unknown change id — also another municipality's"
    EFFECTIVE_ON_FUTURE = (
        "registry.effective_on_future",
        422,
        "異動日 in the future (only 転出予定 may be, up to 62 days)",
    )
    EFFECTIVE_ON_TOO_FAR = (
        "registry.effective_on_too_far",
        422,
        "転出予定日 more than 62 days ahead",
    )
    EFFECTIVE_ON_BEFORE_BIRTH = (
        "registry.effective_on_before_birth",
        422,
        "異動日 before the person's birth",
    )
    NOTIFIED_ON_FUTURE = "registry.notified_on_future", 422, "届出日 in the future"
    BIRTH_DATE_MISMATCH = "registry.birth_date_mismatch", 422, "出生: 異動日 must be the birth date"
    RECORD_CLOSED = (
        "registry.record_closed",
        422,
        "the record is a 除票: only corrections and cancellation apply",
    )
    KANA_REQUIRED = "registry.kana_required", 422, "振り仮名 missing"
    KANA_INVALID = "registry.kana_invalid", 422, "振り仮名 not katakana (hiragana is converted)"
    SEX_INVALID = "registry.sex_invalid", 422, "性別 is not 1, 2 or 9"
    SEARCH_KEY_INVALID = (
        "registry.search_key_invalid",
        422,
        "a 消除事由 or a blank-search item not in the list (doc/j340.txt §2.1.3)",
    )
    NAME_REQUIRED = "registry.name_required", 422, "氏名 missing"
    ADDRESS_REQUIRED = "registry.address_required", 422, "住所 missing"
    MOVING_TO_REQUIRED = "registry.moving_to_required", 422, "転出: 転出先の住所 missing"
    MOVE_OUT_CERTIFICATE_ITEM_REQUIRED = (
        "registry.move_out_certificate_item_required",
        422,
        "転入 from a paper 転出証明書: one of its items (住所, 転出予定年月日, 住民票コード) missing",
    )
    MOVE_OUT_PLANNED_ON_INVALID = (
        "registry.move_out_planned_on_invalid",
        422,
        "転入 from a paper 転出証明書: 転出予定年月日 before a birth or beyond what a 転出届 allows",
    )
    FORMER_LG_CODE_INVALID = (
        "registry.former_lg_code_invalid",
        422,
        "転入 from a paper 転出証明書: the former 団体コード is malformed, has a wrong 検査数字 "
        "or is this municipality",
    )
    MOVE_IN_NOTICE_NOT_MOVED_OUT = (
        "registry.move_in_notice_not_moved_out",
        422,
        "転入通知 entered for a record without a 国内転出 or 職権消除",
    )
    MOVE_OUT_NOT_FOUND = (
        "registry.move_out_not_found",
        422,
        "転入 from a paper 転出証明書: the former municipality has no 転出 of these 住民票コード",
    )
    REMOVAL_PLANNED = (
        "registry.removal_planned",
        422,
        "a 転出 before its 転出予定日 is recorded: cancel it before another 消除",
    )
    PEOPLE_REQUIRED = "registry.people_required", 422, "a notification without any person"
    FORMER_SURNAME_REQUIRED = (
        "registry.former_surname_required",
        422,
        "旧氏の振り仮名 without the 旧氏",
    )
    MY_NUMBER_DUPLICATE = (
        "registry.my_number_duplicate",
        422,
        "the 個人番号 is recorded on another living record (or twice in one notification)",
    )
    RESIDENT_CODE_DUPLICATE = (
        "registry.resident_code_duplicate",
        422,
        "the 住民票コード is recorded on another living record (or twice in one notification)",
    )
    RETURNER_CONFIRM = (
        "registry.returner_confirm",
        422,
        "再転入者: a 除票 has the same 氏名・生年月日・性別; name it (returning_atena_number) "
        "or say it is someone else (not_returning)",
    )
    RETURNER_NOT_FOUND = (
        "registry.returner_not_found",
        422,
        "再転入者: returning_atena_number names no 除票 of this municipality",
    )
    RETURNER_CONFLICT = (
        "registry.returner_conflict",
        422,
        "再転入者: the numbers point to another 除票 than the one named, or two people to one",
    )
    FOREIGN_ITEMS_REQUIRED = (
        "registry.foreign_items_required",
        422,
        "外国人住民: 国籍・地域 and 第30条の45の区分 missing",
    )
    RESIDENCE_CARD_REQUIRED = (
        "registry.residence_card_required",
        422,
        "中長期在留者: 在留資格, 満了の日 or 在留カード番号 missing",
    )
    RESIDENCE_CARD_NUMBER_FORMAT = (
        "registry.residence_card_number_format",
        422,
        "住民検索: 在留カード等の番号 not 12 letters and digits",
    )
    HOUSEHOLD_NUMBER_FORMAT = (
        "registry.household_number_format",
        422,
        "住民検索: 世帯番号 not digits only",
    )
    ATENA_NUMBER_FORMAT = (
        "registry.atena_number_format",
        422,
        "住民検索: 宛名番号 not digits only",
    )
    BASIC_PENSION_NUMBER_FORMAT = (
        "registry.basic_pension_number_format",
        422,
        "基礎年金番号 not 10 digits (a hyphen after the 4th is allowed)",
    )
    QUALIFICATION_DATES = (
        "registry.qualification_dates",
        422,
        "国民健康保険・国民年金: 資格喪失年月日 before 資格取得年月日",
    )
    NAME_SYMBOL = (
        "registry.name_symbol",
        422,
        "a symbol such as （株） or ㈱ in a name or in the name searched for (§2.1.2 実装しない機能)",
    )
    SEARCH_MATCH_UNKNOWN = (
        "registry.search_match_unknown",
        422,
        "住民検索: 一致の方法 not one of `prefix`, `exact`, `partial`",
    )
    SEARCH_HISTORY_NOT_FOUND = (
        "registry.search_history_not_found",
        404,
        "a 検索履歴 that is not the signed-in user's (or no longer kept)",
    )
    FOREIGN_ITEMS_ON_JAPANESE = (
        "registry.foreign_items_on_japanese",
        422,
        "国籍・在留資格・通称 on a 日本人住民",
    )
    JAPANESE_ITEMS_ON_FOREIGN = (
        "registry.japanese_items_on_foreign",
        422,
        "旧氏・本籍 on a 外国人住民",
    )
    ALIAS_FOREIGN_ONLY = "registry.alias_foreign_only", 422, "通称 only for 外国人住民"
    FIELD_NOT_CORRECTABLE = (
        "registry.field_not_correctable",
        422,
        "corrections: the item has its own 異動",
    )
    NOTHING_CHANGED = "registry.nothing_changed", 422, "corrections: nothing to change"
    UNREPORTED_MOVE_IN_TYPE = (
        "registry.unreported_move_in_type",
        422,
        "未届転入 only with a 転入 or 職権記載",
    )
    UNREPORTED_MOVE_IN_ADDRESS = (
        "registry.unreported_move_in_address",
        422,
        "未届転入 without the latest unreported address",
    )
    MINOR_CORRECTION_ITEM = (
        "registry.minor_correction_item",
        422,
        "軽微な修正: only 氏名 or 住所 items",
    )
    REASON_REQUIRED = (
        "registry.reason_required",
        422,
        "corrections and cancellation: reason missing",
    )
    MOVERS_ONE_HOUSEHOLD = (
        "registry.movers_one_household",
        422,
        "household changes take the members of one household",
    )
    HOUSEHOLD_MERGE_PARTIAL = "household.merge_partial", 422, "世帯合併 takes all members"
    HOUSEHOLD_SAME = "household.same", 422, "the household moved to is the same one"
    HEAD_REQUIRED = (
        "household.head_required",
        422,
        "no 世帯主 named where one is needed: a new household, a 世帯主変更",
    )
    HEAD_DUPLICATE = "household.head_duplicate", 422, "a household would have two 世帯主"
    HEAD_UNCHANGED = "household.head_unchanged", 422, "the person is the 世帯主 already"
    RELATIONSHIP_INVALID = (
        "relationship.invalid",
        422,
        "続柄 not in §1.1.11 (祖父, 孫 … are written 父の父, 子の子)",
    )
    RELATIONSHIP_TOO_DISTANT = (
        "relationship.too_distant",
        422,
        "続柄 of 5 世代 or more: record 縁故者",
    )
    RELATIONSHIP_REQUIRED = "relationship.required", 422, "続柄 missing"
    CHANGE_NOT_LATEST = "change.not_latest", 409, "a later change stands on it"
    CHANGE_ALREADY_CANCELLED = "change.already_cancelled", 409, "it was cancelled before"
    CHANGE_LATER_DEPENDS = (
        "change.later_depends",
        409,
        "a later change of the same record touched the same items; cancel that one first",
    )
    CANCEL_PEOPLE_UNKNOWN = (
        "change.cancel_people_unknown",
        422,
        "a person chosen for the cancellation is not one of the change's",
    )
    NATIONALITY_WRONG_TYPE = (
        "registry.nationality_wrong_type",
        422,
        "帰化・国籍取得 only for a 外国人住民, 国籍喪失 only for a 日本人住民",
    )
    DOMICILE_REQUIRED = (
        "registry.domicile_required",
        422,
        "本籍 and 筆頭者 are entered on 帰化・国籍取得",
    )
    ENTRY_WRONG_RESIDENT_TYPE = (
        "registry.entry_wrong_resident_type",
        422,
        "法第30条の47届出 and 国籍喪失 record 外国人住民, 帰化・国籍取得 日本人住民",
    )
    MY_NUMBER_NOT_PERMITTED = (
        "my_number.not_permitted",
        403,
        "個人番号 only for 住民記録審査",
    )
    MY_NUMBER_PURPOSE_REQUIRED = (
        "my_number.purpose_required",
        422,
        "showing a 個人番号 needs a stated 事務",
    )
    DESTINATION_INVALID = (
        "registry.destination_invalid",
        422,
        "転出証明書情報: the destination 団体コード is malformed, has a wrong 検査数字 or is "
        "the sender itself",
    )
    DESTINATION_NOT_CONNECTED = (
        "registry.destination_not_connected",
        422,
        "the destination is not served by this deployment; send through 住基ネット",
    )
    NETWORK_MESSAGE_NOT_FOUND = (
        "network_message.not_found",
        404,
        "unknown 住基ネット送信電文 — also another municipality's",
    )
    NETWORK_MESSAGE_NOT_FAILED = (
        "network_message.not_failed",
        409,
        "only a message the sender gave up on is sent again; one already sent never is",
    )
    RESIDENT_CODE_UNAVAILABLE = (
        "registry.resident_code_unavailable",
        503,
        "no 住民票コード空きコード could be obtained from 住基ネット; try again later",
    )
    NETWORK_UNAVAILABLE = (
        "registry.network_unavailable",
        503,
        "住基ネット (the CS) did not answer a request; the short error code is shown, try again",
    )
    MY_NUMBER_ALREADY_DESIGNATED = (
        "registry.my_number_already_designated",
        409,
        "the record has a 個人番号 already: ask for a change, not a 指定",
    )
    MOVE_OUT_CERTIFICATE_NOT_FOUND = (
        "move_out_certificate.not_found",
        404,
        "unknown 転出証明書情報 — also another municipality's",
    )
    MOVE_OUT_CERTIFICATE_COMPLETED = (
        "move_out_certificate.completed",
        409,
        "the 転入 from this 転出証明書情報 was recorded already",
    )
    MOVE_OUT_NOT_RECORDED = (
        "registry.move_out_not_recorded",
        409,
        "the former municipality cancelled the 転出 (its 転入通知 was refused): recording the "
        "転入 would register the family in two places",
    )
    MOVE_IN_OVERLAPS = (
        "registry.move_in_overlaps",
        422,
        "the 転入日 is before the last 異動 the former register recorded for these people",
    )
    LAYOUT_INVALID = (
        "layout.invalid",
        422,
        "import: the files have errors, nothing was imported; `errors[]` names each file and "
        "line (`/住民.csv/12`), `error_count` counts all of them",
    )
    LAYOUT_REGISTRY_NOT_EMPTY = (
        "layout.registry_not_empty",
        409,
        "import: the municipality has records already; only an empty register is imported into",
    )
    SUPPORT_MEASURE_NOT_FOUND = (
        "support_measure.not_found",
        404,
        "unknown 支援措置 id — also another municipality's",
    )
    SUPPORT_MEASURE_NOT_PERMITTED = (
        "support_measure.not_permitted",
        403,
        "支援措置 are recorded, changed and released by 住民記録審査 (支援措置責任者) only",
    )
    SUPPORT_MEASURE_PROTECTED = (
        "support_measure.protected",
        403,
        "a 支援対象者 is among the people asked for (住民基本台帳事務処理要領 第5-10): refused "
        "unless the person asks for themself or a 支援措置責任者 releases it with a reason",
    )
    SUPPORT_MEASURE_REASON_REQUIRED = (
        "support_measure.reason_required",
        422,
        "a 支援措置 or its release, end needs a reason (at most 200 characters)",
    )
    SUPPORT_MEASURE_PERIOD_INVALID = (
        "support_measure.period_invalid",
        422,
        "終了年月日 before 開始年月日, or a period longer than one year",
    )
    SUPPORT_MEASURE_PEOPLE_INVALID = (
        "support_measure.people_invalid",
        422,
        "a 併せて支援を求める者 is the 申出者, is named twice, or more than 10 are named",
    )
    SUPPORT_MEASURE_OFFENDER_UNKNOWN = (
        "support_measure.offender_unknown",
        422,
        "加害者's 宛名番号 names no record of this municipality, or 性別 is not a code",
    )
    SUPPORT_MEASURE_EXTENSION_TOO_EARLY = (
        "support_measure.extension_too_early",
        422,
        "延長 is possible from one month before the period ends (doc/j440.txt §3.4)",
    )
    SUPPORT_MEASURE_ENDED = (
        "support_measure.ended",
        409,
        "the 支援措置 was ended already: a new 申出 starts a new one",
    )

    OFFERED_ON_REQUIRED = (
        "registry.offered_on_required",
        422,
        "a change made on 申出 (§4.2.0.5) without its 申出日, or a 申出日 on another change",
    )
    OFFERED_ON_FUTURE = "registry.offered_on_future", 422, "申出日 in the future"
    NOTIFIED_ON_EX_OFFICIO = (
        "registry.notified_on_ex_officio",
        422,
        "a 届出日 on a change made 職権 (§4.2.0.2: no 届出)",
    )
    INPUT_PLACE_UNKNOWN = (
        "registry.input_place_unknown",
        422,
        "入力場所 or 入力端末 not in the municipality's register (§1.3.1), or the terminal "
        "not at that place",
    )
    MEMO_NOT_FOUND = "memo.not_found", 404, "unknown memo id — also another municipality's"
    MEMO_REQUIRED = "memo.text_invalid", 422, "メモ blank or longer than 1000 characters"
    HEAD_CHANGE_NOTICE_UNAVAILABLE = (
        "registry.head_change_notice_unavailable",
        422,
        "世帯主変更通知書 asked for a change that made nobody head ex officio",
    )
    RECEIPT_NOTICE_UNAVAILABLE = (
        "registry.receipt_notice_unavailable",
        422,
        "住民異動届受理通知 asked for a change that is not a 転入・転居・転出・世帯変更 届出",
    )
    EX_OFFICIO_DOCUMENT_UNAVAILABLE = (
        "registry.ex_officio_document_unavailable",
        422,
        "職権記録書 asked for a change made on a 届出, or 職権記載等通知書 for one no 届出 "
        "should have made",
    )
    REMARK_NOT_FOUND = (
        "remark.not_found",
        404,
        "unknown 備考 id, one removed already — also another municipality's",
    )
    REMARK_TEXT_INVALID = (
        "remark.text_invalid",
        422,
        "備考 or 事実上の世帯主の氏名 blank or longer than 200 characters",
    )
    ADDRESS_CODE_INVALID = (
        "address.code_invalid",
        422,
        "a 町字マスター row whose 町字ID is not 7 digits, whose 大字 number is over 999, or "
        "that lacks lg_code, pref or city",
    )
    ADDRESS_UNKNOWN = "address.unknown", 422, "住所コード not in this deployment's 住所辞書"
    ADDRESS_TEXT_INVALID = (
        "address.text_invalid",
        422,
        "番地等, 方書 or a look-up word blank or too long",
    )


class CertificateErrorCode(ErrorCode):
    """証明書 (住民票の写し, 記載事項証明書, 除票の写し)."""

    MY_NUMBER_NOT_PERMITTED = (
        "certificate.my_number_not_permitted",
        403,
        "個人番号 on a certificate needs 住民記録審査",
    )
    RESIDENTS_REQUIRED = "certificate.residents_required", 422, "no resident chosen"
    HOUSEHOLDS_MIXED = (
        "certificate.households_mixed",
        422,
        "a 住民票の写し is for members of one household",
    )
    RECORD_CLOSED = "certificate.record_closed", 422, "住民票 of a 除票"
    RECORD_NOT_CLOSED = "certificate.record_not_closed", 422, "除票の写し of a living record"
    MAYOR_NAME_MISSING = (
        "certificate.mayor_name_missing",
        422,
        "the municipality has no head's name for the certification line",
    )
    GLYPH_MISSING = (
        "certificate.glyph_missing",
        422,
        "a character no installed font has (外字): not printed as a blank box",
    )
    REQUESTER_UNKNOWN = (
        "certificate.requester_unknown",
        422,
        "請求者の区分 not one of `self`, `household`, `agent`, `third_party`",
    )
    IDENTITY_CHECK_UNKNOWN = (
        "certificate.identity_check_unknown",
        422,
        "本人確認の方法 not one of `my_number_card`, `drivers_license`, `other`",
    )
    COPIES_OUT_OF_RANGE = "certificate.copies_out_of_range", 422, "通数 outside 1 to 10"
    THIRD_PARTY_ITEMS_NOT_PERMITTED = (
        "certificate.third_party_items_not_permitted",
        422,
        "a 第三者 request (住基法 第12条の3) asked for the 住民票コード or 個人番号",
    )
    ALREADY_ISSUED = (
        "certificate.already_issued",
        409,
        "the same `Idempotency-Key` issued a certificate before: ask for it again with a new key",
    )
    ACTING_CERTIFIER_NAME_MISSING = (
        "certificate.acting_certifier_name_missing",
        422,
        "a 職務代理者 without 職名 or 氏名 (doc/j310.txt §1.3.9)",
    )
    SEAL_TEXT_TOO_LONG = (
        "certificate.seal_text_too_long",
        422,
        "a 公印の印文 longer than 20 characters (doc/j290.txt §1.3.7)",
    )
    ACTING_CERTIFIER_PERIOD_INVALID = (
        "certificate.acting_certifier_period_invalid",
        422,
        "a 職務代理者's period ends before it starts",
    )
    ACTING_CERTIFIER_OVERLAP = (
        "certificate.acting_certifier_overlap",
        409,
        "the period overlaps another 職務代理者's",
    )
    ACTING_CERTIFIER_IN_USE = (
        "certificate.acting_certifier_in_use",
        409,
        "the 職務代理者 certified issued certificates: the record is kept",
    )
    ACTING_CERTIFIER_NOT_FOUND = (
        "certificate.acting_certifier_not_found",
        404,
        "no such 職務代理者 in this municipality",
    )
    PLACE_TOO_LONG = "certificate.place_too_long", 422, "交付場所 longer than 40 characters"
    TERMINAL_INVALID = (
        "certificate.terminal_invalid",
        422,
        "発行端末名番号 longer than 10 characters or with spaces",
    )
