from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class MasterDataAdminConfig(AdminConfig):
    default_site = "jichitai.config.admin.MasterDataAdminSite"
