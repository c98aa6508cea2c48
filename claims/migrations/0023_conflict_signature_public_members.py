"""A figures conflict's signature now covers its public members only, so a draft never reopens a decision.

Recompute every stored signature that way, so the first detection after this change reopens nothing.
"""
from django.db import migrations


def forwards(apps, schema_editor):
    from claims.conflicts import figures_signature

    Conflict = apps.get_model("claims", "Conflict")
    ConflictMember = apps.get_model("claims", "ConflictMember")
    public = (ConflictMember.objects.filter(conflict__kind="figures", claim__is_public=True)
              .exclude(claim__status="withdrawn")
              .values_list("conflict_id", "claim_id", "claim__canonical_lower", "claim__canonical_upper"))
    rows: dict[int, list] = {}
    for conflict_id, claim_id, lower, upper in public.iterator():
        rows.setdefault(conflict_id, []).append((claim_id, lower, upper))
    for conflict in Conflict.objects.filter(kind="figures").only("pk", "figures_signature").iterator():
        signature = figures_signature(rows.get(conflict.pk, []))
        if signature != conflict.figures_signature:
            Conflict.objects.filter(pk=conflict.pk).update(figures_signature=signature)


class Migration(migrations.Migration):
    dependencies = [("claims", "0022_conflict_public_updated_at")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
