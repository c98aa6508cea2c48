"""Published claims under correction: the row takes back the approved version; the correction moves aside.

Before, the row held the draft and readers' queries rebuilt the approved version from history
(``published_history_id``). Now the row is what readers see and the draft lives in ``ClaimDraft``.
Reversible: going back puts each draft on its row again.
"""
from django.db import migrations

FIELDS = ("statement", "figure_text", "value", "unit", "qualifier", "count_noun", "total", "canonical_value",
          "canonical_lower", "canonical_upper", "period_start", "period_end", "period_label", "verdict", "rationale",
          "claimant_id", "claimant_role")


def _keys(claim, values) -> dict:
    """The comparison keys of the approved version (what detection compares from now on)."""
    from claims import conflicts

    subject_ids = set(claim.subjects.values_list("pk", flat=True))
    has_figure = values["value"] is not None
    cumulative = bool(claim.metric_id and claim.metric.cumulative)
    family, key = conflicts.comparison_keys(metric_id=claim.metric_id, cumulative=cumulative,
                                            period_start=values["period_start"], period_end=values["period_end"],
                                            subject_ids=subject_ids, has_figure=has_figure)
    measure = conflicts.measure_key(metric_id=claim.metric_id, subject_ids=subject_ids, has_figure=has_figure)
    return {"family_key": family, "comparison_key": key, "measure_key": measure}


def forwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    HistoricalClaim = apps.get_model("claims", "HistoricalClaim")
    ClaimDraft = apps.get_model("claims", "ClaimDraft")
    under_correction = (Claim.objects.filter(is_public=True, published_history_id__isnull=False)
                        .exclude(status__in=["published", "withdrawn"]).select_related("metric"))
    for claim in under_correction.iterator():
        approved = HistoricalClaim.objects.filter(history_id=claim.published_history_id).values(*FIELDS).first()
        if approved is None:
            continue  # no approved version recorded: leave the row as it is
        draft = {name: getattr(claim, name) for name in FIELDS}
        ClaimDraft.objects.update_or_create(claim_id=claim.pk, defaults={**draft, "edited_by_id": claim.last_edited_by_id})
        Claim.objects.filter(pk=claim.pk).update(**approved, **_keys(claim, approved))


def backwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    ClaimDraft = apps.get_model("claims", "ClaimDraft")
    for draft in ClaimDraft.objects.select_related("claim__metric").iterator():
        values = {name: getattr(draft, name) for name in FIELDS}
        Claim.objects.filter(pk=draft.claim_id).update(**values, **_keys(draft.claim, values))
    ClaimDraft.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0020_claim_draft_alias_review")]
    operations = [migrations.RunPython(forwards, backwards)]
