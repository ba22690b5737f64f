"""送信箱 under `/<lg_code>/messages/`: the demo SMS gateway's outbox, for staff."""

from __future__ import annotations

from django.urls import path

from jichitai.messaging import views

app_name = "messaging"

urlpatterns = [path("outbox/", views.outbox_view, name="outbox")]
