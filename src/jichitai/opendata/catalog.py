"""The catalog as the machine interfaces describe it (DCAT-AP in dcat.py, the CKAN action API in
ckan.py): per dataset a municipality publishes, its latest version, the day it was first
published, its landing page and its downloads. Public data only."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min

from jichitai.common.ratelimit import limit_take
from jichitai.common.request_context import current_source
from jichitai.opendata.datasets import Dataset, dataset_get
from jichitai.opendata.models import Licence, Publication
from jichitai.opendata.publishing import has_coordinates
from jichitai.opendata.selectors import DOWNLOAD_FORMATS, publication_latest_list

# The licences' own pages, the URIs DCAT-AP's dct:license and CKAN's license_url name.
LICENCE_URLS = {
    Licence.PDL: "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
}
# The EU file-type vocabulary DCAT-AP 2.1 asks dct:format to use.
FILE_TYPES = {"csv": "CSV", "json": "JSON", "geojson": "GEOJSON"}
CATALOG_READS = "opendata.catalog"
# Stable ids for CKAN (which expects UUIDs): derived from the catalog's URL and the dataset,
# so they stay the same across versions and processes.
_ID_NAMESPACE = uuid.UUID("2d9c3a8e-3b7e-5c1a-9f4e-6a0d1c2b3e4f")


@dataclass(frozen=True)
class Distribution:
    file_format: str  # csv, json, geojson
    url: str
    media_type: str

    @property
    def file_type(self) -> str:
        return FILE_TYPES[self.file_format]


@dataclass(frozen=True)
class CatalogEntry:
    dataset: Dataset
    publication: Publication
    issued: dt.datetime
    url: str  # the dataset's page

    @property
    def modified(self) -> dt.datetime:
        return self.publication.published_at

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS[Licence(self.publication.licence)]

    @property
    def licence_title(self) -> str:
        return str(Licence(self.publication.licence).label)

    @property
    def distributions(self) -> list[Distribution]:
        return [
            Distribution(file_format, f"{self.url}{file_format}/", media_type.split(";")[0])
            for file_format, media_type in DOWNLOAD_FORMATS.items()
            if file_format != "geojson" or has_coordinates(self.dataset)
        ]

    def id_for(self, *parts: str) -> str:
        return str(uuid.uuid5(_ID_NAMESPACE, "/".join((self.url, *parts))))


def catalog_entries(*, municipality_code: str, catalog_url: str) -> list[CatalogEntry]:
    """Every dataset the municipality publishes, latest version, by key. `catalog_url` is the
    absolute URL of the catalog page; a dataset's page is `<catalog_url><key>/` and its files
    `<catalog_url><key>/<format>/` (opendata/urls.py).

    A source may read JICHITAI_RATE_OPENDATA_CATALOG catalogs a minute. Raises RateLimited."""
    limit_take(CATALOG_READS, key=current_source(), rate=settings.JICHITAI_RATE_OPENDATA_CATALOG)
    firsts = dict(
        Publication.objects.filter(municipality_id=municipality_code)
        .values("dataset_key")
        .annotate(first=Min("published_at"))
        .values_list("dataset_key", "first")
    )
    return [
        CatalogEntry(
            dataset=dataset_get(publication.dataset_key),
            publication=publication,
            issued=firsts[publication.dataset_key],
            url=f"{catalog_url}{publication.dataset_key}/",
        )
        for publication in publication_latest_list(municipality_code=municipality_code)
    ]
