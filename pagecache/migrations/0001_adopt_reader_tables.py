"""Adopt the page cache's four tables from the reader app: state only, the tables keep their names."""
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("reader", "0003_tag_versions_and_purge_targets")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="PageGeneration",
                fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("value", models.BigIntegerField(default=0))],
                options={"db_table": "reader_pagegeneration"},
            ),
            migrations.CreateModel(
                name="PendingInvalidation",
                fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("tag", models.TextField(db_default="all"))],
                options={"db_table": "reader_pendinginvalidation"},
            ),
            migrations.CreateModel(
                name="TagVersion",
                fields=[("tag", models.TextField(primary_key=True, serialize=False)),
                        ("version", models.BigIntegerField(db_index=True))],
                options={"db_table": "reader_tagversion"},
            ),
            migrations.CreateModel(
                name="PurgeTarget",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                               verbose_name="ID")),
                    ("url", models.TextField(unique=True)),
                    ("purged_through", models.BigIntegerField(default=0)),
                    ("failures", models.PositiveIntegerField(
                        default=0, help_text="Failed attempts since the last success.")),
                    ("last_error", models.TextField(blank=True)),
                    ("last_attempt_at", models.DateTimeField(blank=True, null=True)),
                    ("last_success_at", models.DateTimeField(blank=True, null=True)),
                ],
                options={"db_table": "reader_purgetarget"},
            ),
        ], database_operations=[]),
    ]
