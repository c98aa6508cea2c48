
from django.db import migrations, models


def fill(apps, schema_editor):
    """Count the public totals of an existing database (a new one has none to count)."""
    if not apps.get_model("claims", "Claim").objects.exists():
        return
    # The totals must equal what the selectors call public, so the fill is the rebuild itself
    # (manage.py public_counts --rebuild), not a copy of the rule that could drift from it.
    from claims.services.counts import public_counts_rebuild

    public_counts_rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0015_claimant_and_subject_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicCount',
            fields=[
                ('name', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('value', models.BigIntegerField(default=0)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
