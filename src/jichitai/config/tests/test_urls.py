"""Every route has an entry saying what an anonymous visitor and a signed-in clerk get
(zulip's URL coverage): a new route without an entry fails CI."""

from __future__ import annotations

import pytest
from django.test import Client

from jichitai.config.tests.routes import ARGUMENT_MAKERS, Route, all_routes
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

# route name: (anonymous, clerk of みどり市 with the 窓口 role)
EXPECTED_STATUS = {
    "chooser": (200, 200),
    "tenants:municipality_home": (200, 200),
    "identity:login": (200, 200),
    "identity:otp": (302, 302),
    "identity:otp_setup": (302, 200),
    "identity:logout": (405, 405),
    "identity:home": (302, 200),
    # 職員管理: the 管理者's. The changes are POST forms; a GET of their URL (a reload)
    # would go back to the staff page.
    "identity:staff_admin": (302, 403),
    "identity:staff_admin_create": (302, 403),
    "identity:staff_admin_staff": (302, 403),
    "identity:staff_admin_roles": (302, 403),
    "identity:staff_admin_departments": (302, 403),
    "identity:staff_admin_active": (302, 403),
    "identity:staff_admin_totp_reset": (302, 403),
    "identity:staff_admin_department_create": (302, 403),
    "identity:staff_admin_department": (302, 403),
    "audit:log": (302, 403),
    "audit:export_csv": (302, 403),
    "api:api-root": (404, 404),
    "api:openapi-json": (200, 200),
    "api:openapi-view": (200, 200),
    "api:municipality_list": (200, 200),
    "api:municipality_detail": (200, 200),
    "api:staff_me": (401, 200),
    "api:staff_token_list": (401, 200),
    "api:audit_records": (401, 403),
    "api:audit_verification": (401, 403),
    "api:registry_resident_search": (405, 405),
    "api:registry_resident_detail": (401, 200),
    "api:registry_resident_history": (401, 200),
    "api:registry_resident_as_of": (401, 200),
    "api:registry_my_number_reveal": (405, 405),
    "api:registry_household_detail": (401, 200),
    "api:registry_address_search": (401, 200),
    "api:registry_address_pick": (401, 200),
    "api:registry_address_buildings": (405, 405),
    "api:registry_domicile_candidates": (401, 200),
    "api:registry_change_detail": (401, 200),
    "api:registry_change_entry": (405, 405),
    "api:registry_change_removal": (405, 405),
    "api:registry_change_move_within": (405, 405),
    "api:registry_change_split": (405, 405),
    "api:registry_change_transfer": (405, 405),
    "api:registry_change_head": (405, 405),
    "api:registry_change_name": (405, 405),
    "api:registry_change_correction": (405, 405),
    "api:registry_change_my_number": (405, 405),
    "api:registry_change_cancel": (405, 405),
    "api:registry_move_out_certificates": (401, 200),
    "api:registry_move_out_certificate_send": (405, 405),
    "api:registry_move_in_from_certificate": (405, 405),
    "api:procedure_list": (200, 200),
    "api:procedure_detail": (200, 200),
    "api:case_list": (401, 200),
    "api:case_create": (401, 200),  # GET on the same path lists the inbox
    # Need to know: the counter reads 住民記録's cases; the route's case is a 妊娠の届出.
    "api:case_detail": (401, 404),
    "api:case_transition": (405, 405),
    # Residents' API: staff are not residents, with or without a session (portal.auth).
    "api:portal_challenge_issue": (405, 405),
    "api:portal_session_create": (405, 405),
    "api:portal_session_delete": (405, 405),
    "api:portal_card_binding_create": (405, 405),
    "api:portal_case_list": (401, 401),
    "api:portal_case_create": (401, 401),  # GET on the same path lists one's cases
    "api:portal_case_detail": (401, 401),
    "api:portal_case_withdraw": (405, 405),
    "certificates:verify": (200, 200),
    "certificates:issue": (302, 200),
    "certificates:issued": (302, 200),
    # 認証者の設定: the 管理者's; removing a 職務代理者 is a POST form.
    "certificates:certifiers": (302, 403),
    "certificates:certifier_remove": (302, 403),
    "certificates:move_out": (302, 404),  # GET: the end of a 転出 (no such 異動 here); POST issues
    "api:registry_certificate_issue": (405, 405),
    "registry:search": (302, 200),
    "registry:move_in": (302, 200),
    "registry:workplace": (302, 200),
    "registry:characters": (302, 200),
    "registry:resident_characters": (302, 200),
    "registry:pending_move_ins": (302, 200),
    "registry:network_outbox": (302, 200),
    "portal:home": (200, 200),
    "portal:sign_in": (200, 200),
    "portal:bind": (302, 302),
    "portal:sign_out": (405, 405),
    "portal:procedures": (200, 200),
    "portal:procedure": (200, 200),
    "portal:apply": (302, 302),
    "portal:confirm": (302, 302),
    "portal:draft": (302, 302),
    "portal:draft_discard": (302, 302),
    "portal:session_extend": (302, 302),
    "portal:cases": (302, 302),
    "portal:notifications": (302, 302),
    "portal:visits": (302, 302),
    "portal:visit_change": (302, 302),
    "portal:case": (302, 302),
    "portal:withdraw": (302, 302),
    "portal:resubmit": (302, 302),
    "portal:fee_pay": (302, 302),
    "portal:document": (302, 302),
    "portal:exchanges": (302, 302),
    "portal:my_information": (302, 302),
    "portal:invoices": (302, 302),
    "portal:invoice_slip": (302, 302),
    "registry:move_in_from_certificate": (302, 200),
    "registry:resident": (302, 200),
    "registry:resident_code_notice": (302, 200),
    "registry:household": (302, 200),
    "registry:name_change": (302, 200),
    "registry:former_surname_change": (302, 200),
    "registry:alias_change": (302, 200),
    "registry:my_number_change": (302, 200),
    "registry:resident_code_change": (302, 200),
    "registry:my_number_request": (302, 200),
    "registry:resident_symbol_request": (302, 405),
    "registry:resident_certificate_serial": (302, 405),
    "registry:naturalisation": (302, 200),
    "registry:nationality_loss": (302, 200),
    "registry:my_number": (302, 403),
    "registry:correction": (302, 403),
    "registry:support_measures": (302, 200),
    # 延長・終了 are POST forms on the 支援措置 page.
    "registry:support_measure_step": (302, 405),
    "registry:memo_new": (302, 200),
    "registry:memo_edit": (302, 200),
    "registry:remark_new": (302, 200),
    "registry:remark_delete": (302, 200),
    "registry:change_cancel": (302, 403),
    "registry:receipt_notice": (302, 200),
    "registry:head_change_notice": (302, 302),
    "registry:move_in_notices_missing": (302, 200),
    "registry:move_in_notice": (302, 200),
    "registry:domicile_notice": (302, 200),
    # The route's resident has not moved out: no 照会書, back to the record.
    "registry:move_in_notice_inquiry": (302, 302),
    # The route's change is a 転入届: no 職権 document, the clerk is sent back to the record.
    "registry:ex_officio_record": (302, 302),
    "registry:ex_officio_notice": (302, 302),
    "registry:birth": (302, 200),
    "registry:move_out": (302, 200),
    "registry:emigration": (302, 200),
    "registry:death": (302, 200),
    "registry:ex_officio_removal": (302, 200),
    "registry:move_within": (302, 200),
    "registry:household_split": (302, 200),
    "registry:household_change": (302, 200),
    "registry:household_merge": (302, 200),
    "registry:head_change": (302, 200),
    # Department inboxes: the counter reads 住民記録's (need to know), and the routes' case
    # (a 妊娠の届出) and attachment (of a 転入学の届出) are another department's: 404, as
    # in the API. The actions are POST forms; a GET of their URL (a reload) would go back to
    # the case page.
    "office:inbox": (302, 200),
    "office:case": (302, 404),
    "office:case_by_reference": (302, 404),
    "office:case_claim": (302, 404),
    "office:case_return": (302, 404),
    "office:case_approve": (302, 404),
    "office:case_reject": (302, 404),
    "office:attachment": (302, 404),
    # 被災者台帳: the 窓口 clerk reads no 被災者支援担当 cases; the 認定 is a POST form.
    "office:disasters": (302, 404),
    "office:case_damage": (302, 405),
    # 要介護認定: the 審査会's result is a POST form on the approved case.
    "office:case_care_result": (302, 405),
    # 児童手当の支払月: the 窓口 clerk reads no 子育て支援担当 cases (need to know).
    "office:child_allowance_payments": (302, 404),
    "office:child_allowance_payments_csv": (302, 404),
    # オープンデータ: the catalog, a dataset's page and its downloads are public; uploading is
    # for the 管理者 and the 各課担当, not the counter.
    # 書かない窓口: the console is the 窓口's; the confirmation display asks a tablet for its
    # pairing code first (no token: back to the code page).
    "counter:home": (302, 200),
    "counter:session_open": (302, 405),
    "counter:session": (302, 200),
    "counter:session_step": (302, 405),
    # Before completion the console says so (the route's session is not completed).
    "counter:summary_pdf": (302, 302),
    "counter:display_pair": (200, 200),
    "counter:display": (302, 302),
    "opendata:catalog": (200, 200),
    "opendata:dataset": (200, 200),
    "opendata:download": (200, 200),
    "opendata:office_upload": (302, 403),
    # The catalog for machines (DCAT-AP, the CKAN action API) is public like the pages; the
    # facility master and the population from the register are the office's.
    "opendata:dcat_turtle": (200, 200),
    "opendata:dcat_jsonld": (200, 200),
    "opendata:ckan_action": (200, 200),
    "opendata:ckan_action_latest": (200, 200),
    "opendata:facilities": (302, 403),
    "opendata:facility_add": (302, 403),
    "opendata:facility_edit": (302, 403),
    "opendata:facility_delete": (302, 403),
    "opendata:population": (302, 403),
    # 業務の見える化: 管理者 and 各課担当 (exports and publishing: 管理者), not the counter.
    "insights:dashboard": (302, 403),
    "insights:process_map": (302, 403),
    "insights:csv": (302, 403),
    "insights:export": (302, 403),
    "insights:publish": (302, 403),
    # 来庁予約, the kiosk and the board are public; confirming needs a code requested first.
    "visits:services": (200, 200),
    "visits:book": (200, 200),
    "visits:confirm": (302, 302),
    "visits:manage": (200, 200),
    "visits:kiosk": (200, 200),
    "visits:navi": (200, 200),
    "visits:navi_event": (200, 200),
    "visits:board": (200, 200),
    "visits:board_state": (200, 200),
    "visits:staff_day": (302, 200),
    "visits:staff_queue": (302, 200),
    "visits:staff_renewals": (302, 200),
    # The queue's actions are POST forms.
    "visits:staff_queue_act": (302, 405),
    "messaging:outbox": (302, 200),
    # 公金収納: the 各課担当's and the 管理者's, not the counter's.
    "payments:invoices": (302, 403),
    "payments:slip": (302, 403),
    "payments:notice": (302, 403),
    "payments:import": (302, 403),
    "payments:exceptions": (302, 403),
    "payments:exception_resolve": (302, 403),
    "payments:overdue": (302, 403),
    "payments:dunning_send": (302, 403),
    "payments:refunds": (302, 403),
    "payments:refund_decide": (302, 403),
    "payments:refund_payout": (302, 403),
    "payments:refund_payout_file": (302, 403),
    # オンライン決済: the demo provider's page is public (reached by the unguessable payment
    # id); the provider's notifications are POSTed.
    "payments:demo_pay": (200, 200),
    "payments:notification": (405, 405),
}


def test_every_route_has_an_expected_status() -> None:
    names = {route.name for route in all_routes()}
    assert names - EXPECTED_STATUS.keys() == set(), "add the new routes to EXPECTED_STATUS"
    assert EXPECTED_STATUS.keys() - names == set(), "remove routes that no longer exist"


def test_every_route_argument_has_a_value_maker() -> None:
    unknown = {a for route in all_routes() for a in route.arguments} - ARGUMENT_MAKERS.keys()
    assert unknown == set(), "add a maker to ARGUMENT_MAKERS in config/tests/routes.py"


@pytest.mark.parametrize("route", all_routes(), ids=lambda r: r.name)
def test_route_answers_as_expected(
    route: Route,
    client: Client,
    clerk: StaffUser,
    midori: Municipality,
) -> None:
    url = route.url(values={a: ARGUMENT_MAKERS[a](midori) for a in route.arguments})
    anonymous, signed_in = EXPECTED_STATUS[route.name]
    assert client.get(url).status_code == anonymous, url
    client.force_login(clerk)
    assert client.get(url).status_code == signed_in, url
