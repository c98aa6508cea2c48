"""Claimants on claims (who made the claim, in what role), and search that weighs what a claim is about.

subjects_text holds the subjects' names and aliases so the stored search vector can weigh them with
the statement (A) over the figure (C) and the rationale (D).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def fill_subjects_text(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    EntityAlias = apps.get_model("claims", "EntityAlias")
    aliases = {}
    for alias in EntityAlias.objects.order_by("name"):
        aliases.setdefault(alias.entity_id, []).append(alias.name)
    for claim in Claim.objects.prefetch_related("subjects"):
        names = [n for s in sorted(claim.subjects.all(), key=lambda e: e.name) for n in [s.name, *aliases.get(s.pk, [])]]
        Claim.objects.filter(pk=claim.pk).update(subjects_text="\n".join(names))


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0014_change_feed'),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='claimant',
            field=models.ForeignKey(blank=True, help_text='The person or organisation that made the claim.', limit_choices_to={'kind__in': ['person', 'organisation']}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='claims_made', to='claims.entity'),
        ),
        migrations.AddField(
            model_name='claim',
            name='claimant_role',
            field=models.CharField(blank=True, help_text='Their role when they said it: "Foreign Minister of Russia".', max_length=200),
        ),
        migrations.AddField(
            model_name='claim',
            name='subjects_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='claimant',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The person or organisation that made the claim.', limit_choices_to={'kind__in': ['person', 'organisation']}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.entity'),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='claimant_role',
            field=models.CharField(blank=True, help_text='Their role when they said it: "Foreign Minister of Russia".', max_length=200),
        ),
        migrations.RunPython(fill_subjects_text, migrations.RunPython.noop),
        # PostgreSQL cannot change a generated column's expression: drop it (and its index), add it anew.
        migrations.RemoveIndex(model_name='claim', name='claim_search_vector_gin'),
        migrations.RemoveField(model_name='claim', name='search_vector'),
        migrations.AddField(
            model_name='claim',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('statement', 'subjects_text', config='english', weight='A'), '||', django.contrib.postgres.search.SearchVector('figure_text', 'period_label', config='english', weight='C'), django.contrib.postgres.search.SearchConfig('english')), '||', django.contrib.postgres.search.SearchVector('rationale', config='english', weight='D'), django.contrib.postgres.search.SearchConfig('english')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='claim',
            name='subjects_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('subjects_text', config='english'), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='claim_search_vector_gin'),
        ),
    ]
