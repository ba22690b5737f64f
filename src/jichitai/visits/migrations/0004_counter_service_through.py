"""窓口の用件 (Counter.services) through an explicit model carrying municipality, so the table
can be distributed by it (issue 21 item 4, tenants/citus.py). Existing rows are kept: each
pair is copied with its counter's municipality before Django's own table is dropped."""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def copy_counter_services(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    counter_model = apps.get_model("visits", "Counter")
    counter_service = apps.get_model("visits", "CounterService")
    old_through = counter_model.services.through
    alias = schema_editor.connection.alias
    pairs = old_through.objects.using(alias).values_list(
        "counter_id", "counter__municipality_id", "service_id"
    )
    counter_service.objects.using(alias).bulk_create(
        [
            counter_service(counter_id=counter, municipality_id=municipality, service_id=service)
            for counter, municipality, service in pairs.iterator()
        ],
        batch_size=1000,
    )


def copy_back(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    counter_model = apps.get_model("visits", "Counter")
    counter_service = apps.get_model("visits", "CounterService")
    old_through = counter_model.services.through
    alias = schema_editor.connection.alias
    old_through.objects.using(alias).bulk_create(
        [
            old_through(counter_id=counter, service_id=service)
            for counter, service in counter_service.objects.using(alias).values_list(
                "counter_id", "service_id"
            )
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0003_resident_code_stock_alert"),
        ("visits", "0003_ticket_recent_done"),
    ]

    operations = [
        migrations.CreateModel(
            name="CounterService",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "counter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="service_links",
                        to="visits.counter",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenants.municipality",
                        verbose_name="地方公共団体",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="counter_links",
                        to="visits.service",
                    ),
                ),
            ],
            options={
                "verbose_name": "窓口の用件",
                "verbose_name_plural": "窓口の用件",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "counter", "service"),
                        name="counter_service_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_counter_services, copy_back),
        migrations.RemoveField(model_name="counter", name="services"),
        migrations.AddField(
            model_name="counter",
            name="services",
            field=models.ManyToManyField(
                related_name="counters",
                through="visits.CounterService",
                to="visits.service",
                verbose_name="用件",
            ),
        ),
    ]
