"""来庁予約と窓口の順番 under `/<lg_code>/visits/`: public booking, kiosk and board; staff
day view and queue. No personal data in any URL (codes and contacts go in POST bodies)."""

from __future__ import annotations

from django.urls import path

from jichitai.visits import staff_views, views

app_name = "visits"

urlpatterns = [
    path("", views.services_view, name="services"),
    path("book/<slug:service_key>/", views.book_view, name="book"),
    path("confirm/", views.confirm_view, name="confirm"),
    path("manage/", views.manage_view, name="manage"),
    path("kiosk/", views.kiosk_view, name="kiosk"),
    path("navi/", views.navi_view, name="navi"),
    path("navi/<slug:event_id>/", views.navi_event_view, name="navi_event"),
    path("board/", views.board_view, name="board"),
    path("board/state/", views.board_state_view, name="board_state"),
    path("staff/", staff_views.day_view, name="staff_day"),
    path("staff/queue/", staff_views.queue_view, name="staff_queue"),
    path("staff/renewals/", staff_views.renewals_view, name="staff_renewals"),
    path("staff/queue/act/", staff_views.queue_act_view, name="staff_queue_act"),
]
