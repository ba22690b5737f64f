"""住所辞書 (doc/j250.txt §1.3.3), 住居表示・地番 (§1.3.2), 方書 (§1.3.4, §4.0.7) and 本籍入力補助
(§4.0.6): loading, look-ups and the pick list, as services and through the API."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from jichitai.common.exceptions import InvalidInput
from jichitai.registry.addresses import (
    abr_rows_read,
    address_code_make,
    address_dictionary_load,
    address_lot_add,
    address_lots_list,
    address_pick_options,
    address_search_by_kana,
    address_search_by_postal_code,
    building_name_add,
    building_names_for_address,
    domicile_candidates,
    postal_rows_read,
)
from jichitai.registry.models import AddressArea, LotKind, Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

ABR_CSV = """lg_code,machiaza_id,machiaza_type,pref,pref_kana,county,county_kana,city,city_kana,ward,ward_kana,oaza_cho,oaza_cho_kana,chome,chome_kana,koaza,koaza_kana,efct_date,ablt_date
132128,0001001,2,東京都,トウキョウト,,,日野市,ヒノシ,,,神明,シンメイ,一丁目,1チョウメ,,,1970-01-01,
132128,0001002,2,東京都,トウキョウト,,,日野市,ヒノシ,,,神明,シンメイ,二丁目,2チョウメ,,,1970-01-01,
132128,0002000,2,東京都,トウキョウト,,,日野市,ヒノシ,,,旧町,キュウマチ,,,,,1950-01-01,1990-04-01
"""


@pytest.fixture
def dictionary(midori: Municipality) -> Municipality:
    address_dictionary_load(municipality=midori, rows=abr_rows_read(io.StringIO(ABR_CSV)))
    address_dictionary_load(municipality=midori, rows=postal_rows_read(lg_code="102121"))
    return midori


def test_address_code_is_11_digits_from_the_lg_code_and_the_machiaza_id() -> None:
    # 都道府県 13 + 市区町村 212 (日野市, 132128 without its 検査数字) + 大字 001 + 小字 002.
    assert address_code_make(lg_code="132128", machiaza_id="0001002") == "13212001002"
    with pytest.raises(InvalidInput):
        address_code_make(lg_code="132128", machiaza_id="1001002")


def test_abr_town_master_loads_with_old_town_names_kept(dictionary: Municipality) -> None:
    area = AddressArea.objects.get(municipality=dictionary, address_code="13212001001")
    assert (area.text, area.kana) == (
        "東京都日野市神明一丁目",
        "トウキョウトヒノシシンメイ1チョウメ",
    )
    old = AddressArea.objects.get(municipality=dictionary, address_code="13212002000")
    assert old.valid_to is not None  # 旧町名 stays for 本籍


def test_abr_bad_row_is_refused_with_its_line() -> None:
    with pytest.raises(InvalidInput) as error:
        abr_rows_read(io.StringIO(ABR_CSV.splitlines()[0] + "\n132128,12,2,東京都,,,,日野市\n"))
    assert "2行目" in str(error.value.detail)


def test_demo_dictionary_is_built_from_japan_post_data(dictionary: Municipality) -> None:
    area = AddressArea.objects.get(municipality=dictionary, oaza="大間々町大間々")
    assert area.address_code.startswith("10212") and len(area.address_code) == 11
    assert area.postal_code == "3760101"
    city = AddressArea.objects.get(municipality=dictionary, address_code="10212000000")
    assert (city.city, city.oaza) == ("みどり市", "")


def test_kana_heads_find_the_address_and_its_postal_code(dictionary: Municipality) -> None:
    # §1.3.3's own example: 「ト ヒ シ」 is 東京都日野市神明.
    found = address_search_by_kana(municipality=dictionary, kana="ト ヒ シ")
    assert [a.text for a in found] == ["東京都日野市神明一丁目", "東京都日野市神明二丁目"]
    found = address_search_by_kana(municipality=dictionary, kana="おおまま")
    assert "群馬県みどり市大間々町大間々" in [a.text for a in found]


def test_postal_code_fills_the_address(dictionary: Municipality) -> None:
    found = address_search_by_postal_code(municipality=dictionary, postal_code="376-0101")
    assert [a.text for a in found] == ["群馬県みどり市大間々町大間々"]


def test_pick_list_goes_prefecture_city_oaza_koaza(dictionary: Municipality) -> None:
    level, options = address_pick_options(municipality=dictionary)
    assert level == "prefecture" and "群馬県" in [o.value for o in options]
    level, options = address_pick_options(municipality=dictionary, prefecture="群馬県")
    assert level == "city" and ("102121", "みどり市") in [(o.value, o.label) for o in options]
    level, options = address_pick_options(
        municipality=dictionary, prefecture="群馬県", city="102121"
    )
    assert level == "oaza" and "大間々町大間々" in [o.value for o in options]
    level, options = address_pick_options(
        municipality=dictionary, prefecture="群馬県", city="102121", oaza="大間々町大間々"
    )
    assert level == "koaza" and len(options) == 1 and options[0].value.startswith("10212")


def test_lots_are_kept_with_numbers_that_sort(dictionary: Municipality) -> None:
    code = "13212001001"
    for text in ["10番", "2番", "2番3号"]:
        address_lot_add(
            municipality=dictionary, address_code=code, kind=LotKind.RESIDENCE_INDICATION, text=text
        )
    address_lot_add(
        municipality=dictionary,
        address_code=code,
        kind=LotKind.LAND_LOT,
        text="甲5番地",
        special=True,
    )
    lots = address_lots_list(municipality=dictionary, address_code=code)
    assert [(lot.text, lot.block, lot.branch, lot.special) for lot in lots] == [
        ("2番", 2, None, False),
        ("2番3号", 2, 3, False),
        ("10番", 10, None, False),
        ("甲5番地", None, None, True),
    ]
    with pytest.raises(InvalidInput):
        address_lot_add(
            municipality=dictionary, address_code="99999999999", kind=LotKind.LAND_LOT, text="1"
        )


def test_buildings_are_offered_for_the_address_typed_only(dictionary: Municipality) -> None:
    code = AddressArea.objects.get(municipality=dictionary, oaza="大間々町大間々").address_code
    building_name_add(
        municipality=dictionary, address_code=code, lot_text="1511番地", name="コーポみどり"
    )
    building_name_add(
        municipality=dictionary, address_code=code, lot_text="20番地", name="みどり寮"
    )
    found = building_names_for_address(
        municipality=dictionary, address="群馬県みどり市大間々町大間々1511番地"
    )
    assert [b.name for b in found] == ["コーポみどり"]
    # The other way round is 実装しない (§4.0.7): a 方書 finds no 住所.
    assert building_names_for_address(municipality=dictionary, address="コーポみどり") == []


def test_domicile_is_offered_from_addresses_and_the_household(midori: Municipality) -> None:
    family = yamada_family(midori)
    shota: Resident = family["翔太"]
    options = domicile_candidates(
        household=shota.household, address=shota.address, previous_address=shota.previous_address
    )
    assert [(o.label, o.value) for o in options] == [
        ("現住所", "群馬県みどり市大間々町大間々1511番地"),
        ("転入前住所", "東京都千代田区千代田1番1号"),
        ("世帯主の本籍", "群馬県みどり市大間々町大間々1番地"),
    ]


def test_load_address_dictionary_command_reads_an_abr_file(
    midori: Municipality, tmp_path: object
) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "mt_town_all.csv"
    path.write_text(ABR_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("load-address-dictionary", "102121", "--abr", str(path), stdout=out)
    call_command("load-address-dictionary", "102121", "--postal", stdout=out)
    assert (
        AddressArea.objects.filter(municipality=midori, address_code__startswith="13212").count()
        == 3
    )
    assert AddressArea.objects.filter(
        municipality=midori, address_code__startswith="10212"
    ).exists()


def test_address_api_answers_kana_postal_pick_and_buildings(
    dictionary: Municipality, clerk_client: Client
) -> None:
    base = "/api/v1/102121/registry/addresses"
    found = clerk_client.get(f"{base}/search", {"kana": "ト ヒ シ"}).json()
    assert found["items"][0]["address_code"] == "13212001001"
    found = clerk_client.get(f"{base}/search", {"postal_code": "3760101"}).json()
    assert found["items"][0]["text"] == "群馬県みどり市大間々町大間々"
    picked = clerk_client.get(f"{base}/pick", {"prefecture": "群馬県"}).json()
    assert picked["level"] == "city"
    code = found["items"][0]["address_code"]
    building_name_add(municipality=dictionary, address_code=code, name="みどり荘")
    offered = clerk_client.post(
        f"{base}/buildings",
        {"address": "群馬県みどり市大間々町大間々5番地"},
        content_type="application/json",
    ).json()
    assert [b["name"] for b in offered["items"]] == ["みどり荘"]
    too_long = clerk_client.get(f"{base}/search", {"kana": "ア" * 300})
    assert too_long.status_code == 422


def test_address_api_refuses_other_municipalities(
    dictionary: Municipality, outsider_client: Client
) -> None:
    response = outsider_client.get("/api/v1/102121/registry/addresses/search", {"kana": "ト"})
    assert response.status_code in (403, 404)
    area = AddressArea.objects.get(municipality=dictionary, oaza="大間々町大間々")
    building_name_add(municipality=dictionary, address_code=area.address_code, name="みどり荘")
    # みなかみ町's own master holds nothing: みどり市's 方書 are never offered to it.
    offered = outsider_client.post(
        "/api/v1/104493/registry/addresses/buildings",
        {"address": area.text},
        content_type="application/json",
    )
    assert offered.status_code == 200 and offered.json()["items"] == []


def test_staff_keep_the_masters_in_the_admin(dictionary: Municipality) -> None:
    from jichitai.identity.models import StaffUser

    admin = StaffUser.objects.create_superuser("master-keeper", password="x" * 20)
    client = Client()
    client.force_login(admin)
    area = AddressArea.objects.get(municipality=dictionary, oaza="大間々町大間々")
    response = client.post(
        "/admin/registry/buildingname/add/",
        {
            "municipality": "102121",
            "area": area.pk,
            "lot_text": "",
            "name": "緑寮",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    response = client.post(
        "/admin/registry/addresslot/add/",
        {"municipality": "102121", "area": area.pk, "kind": "lot", "text": "3番地4"},
    )
    assert response.status_code == 302
    offered = building_names_for_address(municipality=dictionary, address=area.text + "3番地4")
    assert [b.name for b in offered] == ["緑寮"]
    lot = address_lots_list(municipality=dictionary, address_code=area.address_code)[0]
    assert (lot.block, lot.branch) == (3, 4)
    assert client.get("/admin/registry/addressarea/?q=大間々").status_code == 200


def test_a_record_carries_the_address_code_of_its_address(
    dictionary: Municipality, clerk_client: Client
) -> None:
    """住所コード as a data item of the record (doc/j10.txt §1.1.1): set from the 住所辞書 when
    the record is written, kept in its history, shown on its page; blank outside the dictionary."""
    family = yamada_family(dictionary)  # 群馬県みどり市大間々町大間々1511番地
    oomama = AddressArea.objects.get(municipality=dictionary, oaza="大間々町大間々")
    hanako = Resident.objects.get(pk=family["花子"].pk)
    assert hanako.address_code == oomama.address_code
    assert hanako.history.get(history_number=1).snapshot["address_code"] == oomama.address_code
    page = clerk_client.get(f"/102121/registry/residents/{hanako.pk}/").content.decode()
    assert f"住所コード {oomama.address_code}" in page


def test_a_record_outside_the_dictionary_has_no_address_code(midori: Municipality) -> None:
    family = yamada_family(midori)  # no 住所辞書 loaded for this municipality
    assert Resident.objects.get(pk=family["花子"].pk).address_code == ""
