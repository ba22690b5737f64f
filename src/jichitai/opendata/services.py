"""Writes of open data: publishing a validated file as the next version of a dataset, and
the datasets generated from the system's own data (地域・年齢別人口 from the register, 公共施設一覧
from the facility master)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.opendata.datasets import dataset_get
from jichitai.opendata.errors import (
    FacilityMasterEmpty,
    LicenceInvalid,
    PopulationDateInvalid,
    PopulationEmpty,
    PublicationRefused,
)
from jichitai.opendata.facilities import (
    FACILITY_DATASET,
    facility_delete,
    facility_list,
    facility_record,
    facility_save,
)
from jichitai.opendata.models import Licence, Publication
from jichitai.opendata.population import population_records
from jichitai.opendata.publishing import csv_bytes
from jichitai.opendata.validation import file_validate
from jichitai.registry.selectors import address_area_names, population_counts
from jichitai.tenants.models import Municipality

__all__ = [
    "facilities_publish",
    "facility_delete",
    "facility_save",
    "population_publish",
    "publication_publish",
]

POPULATION_DATASET = "population"


@transaction.atomic
def publication_publish(
    *,
    municipality_code: str,
    dataset_key: str,
    data: bytes,
    filename: str,
    licence: str,
    actor: Actor,
) -> Publication:
    """公開 (publish): validate the file against the dataset and, when it has no error, store
    its records as the dataset's next version. Warnings are published with the count.

    Raises: PublicationRefused (errors left), LicenceInvalid, and what file_validate raises
    (FileTooLarge, FileUnreadable, DatasetNotFound).
    """
    if licence not in Licence.values:
        raise LicenceInvalid()
    report = file_validate(data, filename=filename, dataset_key=dataset_key)
    if not report.publishable:
        raise PublicationRefused(error_count=len(report.errors))
    # The municipality's row serialises two publications of the same dataset: each gets its
    # own version number instead of one failing on the unique constraint.
    municipality = Municipality.objects.select_for_update().get(pk=municipality_code)
    latest = Publication.objects.filter(
        municipality=municipality, dataset_key=dataset_key
    ).aggregate(latest=Max("version"))["latest"]
    publication = Publication.objects.create(
        municipality=municipality,
        dataset_key=dataset_key,
        version=(latest or 0) + 1,
        licence=licence,
        records=report.records,
        record_count=len(report.records),
        warning_count=len(report.warnings),
        published_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="opendata.publish",
        municipality_code=municipality.lg_code,
        object_type="opendata.publication",
        object_id=publication.pk,
        detail={
            "version": publication.version,
            "records": publication.record_count,
            "warnings": publication.warning_count,
        },
    )
    return publication


def _publish_records(
    *,
    municipality_code: str,
    dataset_key: str,
    records: list[dict[str, str]],
    licence: str,
    actor: Actor,
) -> Publication:
    """Records the system generated are published as a file would be: written as the
    dataset's CSV and validated again, so they meet the definition by construction."""
    return publication_publish(
        municipality_code=municipality_code,
        dataset_key=dataset_key,
        data=csv_bytes(dataset_get(dataset_key), records),
        filename=f"{municipality_code}_{dataset_key}.csv",
        licence=licence,
        actor=actor,
    )


def population_publish(
    *, municipality_code: str, on: dt.date, licence: str, actor: Actor
) -> Publication:
    """地域・年齢別人口 on `on` from the register (町字, 5-year age band and 性別), small counts
    suppressed (opendata.suppression), published as the dataset's next version. The register
    read is audited with the date and the number of people counted, nothing else.

    Raises: PopulationDateInvalid (after today), PopulationEmpty, LicenceInvalid."""
    if on > timezone.localdate():
        raise PopulationDateInvalid()
    if licence not in Licence.values:
        raise LicenceInvalid()
    municipality = Municipality.objects.get(pk=municipality_code)
    counts = population_counts(municipality=municipality, on=on)
    if not counts:
        raise PopulationEmpty()
    codes = {key.address_code for key in counts if key.address_code}
    records = population_records(
        municipality=municipality,
        on=on,
        counts=counts,
        area_names=address_area_names(municipality=municipality, codes=codes),
    )
    audit_record(
        actor=actor,
        action="opendata.population_count",
        municipality_code=municipality_code,
        # The object is the register on that date; only the number counted is kept.
        object_type="registry.population",
        object_id=on.isoformat(),
        detail={"residents": sum(counts.values())},
    )
    return _publish_records(
        municipality_code=municipality_code,
        dataset_key=POPULATION_DATASET,
        records=records,
        licence=licence,
        actor=actor,
    )


def facilities_publish(*, municipality_code: str, licence: str, actor: Actor) -> Publication:
    """公共施設一覧 from the facility master, by ID, as the dataset's next version.

    Raises: FacilityMasterEmpty, LicenceInvalid."""
    municipality = Municipality.objects.get(pk=municipality_code)
    facilities = facility_list(municipality_code=municipality_code)
    if not facilities:
        raise FacilityMasterEmpty()
    return _publish_records(
        municipality_code=municipality_code,
        dataset_key=FACILITY_DATASET,
        records=[facility_record(municipality, f.values) for f in facilities],
        licence=licence,
        actor=actor,
    )
