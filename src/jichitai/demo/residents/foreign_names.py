"""Names and 在留資格 of foreign demo residents, by nationality."""

from __future__ import annotations

# A name: (alphabet, katakana), or (kanji, alphabet, katakana) for 漢字圏.
Names = list[tuple[str, ...]]

# (alphabet, katakana) per nationality; 氏名 is written in the alphabet on the 住民票, except
# for people of 漢字圏 whose 氏名 is in 漢字 (then: kanji, alphabet, katakana).
VIETNAMESE: dict[str, Names] = {
    "family": [
        ("NGUYEN", "グエン"),
        ("TRAN", "チャン"),
        ("LE", "レ"),
        ("PHAM", "ファム"),
        ("HOANG", "ホアン"),
        ("VU", "ヴー"),
        ("DANG", "ダン"),
        ("BUI", "ブイ"),
    ],
    "1": [
        ("VAN AN", "ヴァン　アン"),
        ("MINH DUC", "ミン　ドゥック"),
        ("QUANG HUY", "クアン　フイ"),
        ("THANH TUNG", "タイン　トゥン"),
        ("HOANG LONG", "ホアン　ロン"),
    ],
    "2": [
        ("THI LAN", "ティ　ラン"),
        ("THI HOA", "ティ　ホア"),
        ("NGOC ANH", "ゴック　アイン"),
        ("THU TRANG", "トゥー　チャン"),
        ("THI MAI", "ティ　マイ"),
    ],
}
FILIPINO: dict[str, Names] = {
    "family": [
        ("SANTOS", "サントス"),
        ("REYES", "レイエス"),
        ("CRUZ", "クルス"),
        ("BAUTISTA", "バウティスタ"),
        ("GARCIA", "ガルシア"),
        ("MENDOZA", "メンドーサ"),
    ],
    "1": [("JOSE", "ホセ"), ("MARK ANTHONY", "マーク　アンソニー"), ("RONALDO", "ロナルド")],
    "2": [
        ("MARIA CRISTINA", "マリア　クリスティーナ"),
        ("JOCELYN", "ジョセリン"),
        ("MARICEL", "マリセル"),
        ("ROSALIE", "ロザリー"),
    ],
}
BRAZILIAN: dict[str, Names] = {
    "family": [
        ("SILVA", "シルバ"),
        ("OLIVEIRA", "オリベイラ"),
        ("SOUZA", "ソウザ"),
        ("PEREIRA", "ペレイラ"),
        ("COSTA", "コスタ"),
        ("RODRIGUES", "ロドリゲス"),
    ],
    "1": [("LUCAS", "ルーカス"), ("GABRIEL", "ガブリエル"), ("MATEUS", "マテウス")],
    "2": [("ANA", "アナ"), ("JULIANA", "ジュリアナ"), ("BEATRIZ", "ベアトリス")],
}
CHINESE: dict[str, Names] = {
    "family": [
        ("王", "WANG", "ワン"),
        ("李", "LI", "リー"),
        ("張", "ZHANG", "チャン"),
        ("劉", "LIU", "リュウ"),
        ("陳", "CHEN", "チェン"),
        ("楊", "YANG", "ヤン"),
    ],
    "1": [
        ("偉", "WEI", "ウェイ"),
        ("浩然", "HAORAN", "ハオラン"),
        ("俊傑", "JUNJIE", "ジュンジエ"),
    ],
    "2": [("芳", "FANG", "ファン"), ("静", "JING", "ジン"), ("麗娜", "LINA", "リーナ")],
}
# 特別永住者: (漢字, alphabet, カナ, 通称, 通称のカナ)
KOREAN: dict[str, Names] = {
    "family": [
        ("金", "KIM", "キム", "金田", "カネダ"),
        ("朴", "PARK", "パク", "新井", "アライ"),
        ("李", "LEE", "イ", "岩本", "イワモト"),
        ("崔", "CHOI", "チェ", "山本", "ヤマモト"),
    ],
    "1": [
        ("英植", "YOUNGSIK", "ヨンシク", "エイショク"),
        ("正男", "JEONGNAM", "ジョンナム", "マサオ"),
    ],
    "2": [("英子", "YONGJA", "ヨンジャ", "エイコ"), ("順子", "SUNJA", "スンジャ", "ジュンコ")],
}
# 中長期在留者の在留資格 and 在留期間, by nationality (single workers and students).
WORKER_STATUSES = {
    "ベトナム": [
        ("技能実習", "1年"),
        ("特定技能", "1年"),
        ("技術・人文知識・国際業務", "3年"),
        ("留学", "2年"),
    ],
    "中国": [("技術・人文知識・国際業務", "5年"), ("留学", "2年"), ("技能実習", "1年")],
    "フィリピン": [("特定技能", "1年"), ("技能実習", "1年")],
    "ブラジル": [("定住者", "3年")],
}
# 永住者 have no 在留期間; the register still needs a date there (registry's
# foreign_items_check), so it holds the 在留カード's own expiry (7 years) for them.
FAMILY_STATUSES = {
    "フィリピン": [("永住者", "無期限"), ("定住者", "5年")],
    "ブラジル": [("永住者", "無期限"), ("定住者", "5年")],
    "中国": [("永住者", "無期限")],
    "ベトナム": [("永住者", "無期限")],
}
