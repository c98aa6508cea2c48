"""Reference data readers see (sources, publishers, entities, aliases, metrics): who may change it.

Anyone with the role's add/change permission may create reference data and change what no reader
sees yet; once readers see it (a public claim or its evidence uses it), only editors may change it.
A contributor's new name for an entity readers see (an alias) waits for an editor (``alias_review``):
it would otherwise be public at once, on the entity's page, in search and in ``?entity=``. Other
reference data is not held as pending changes: it is shared by many claims, and a pending copy of a
source or entity would have to be resolved against every claim that uses it. Editors may remove
what they may approve: an alias readers see can be deleted by an editor.
"""
from __future__ import annotations

from django.db import transaction

from claims import figures
from claims.errors import ServiceError
from claims.models import Entity, EntityAlias, Metric
from claims.selectors import is_public_reference, public_claims
from claims.services.counts import CountsTracker
from claims.services.permissions import REVIEW, may, require
from sources.models import Source


def _permission(instance, action: str) -> str:
    meta = instance._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def reference_changeable(*, instance, user) -> bool:
    """Say whether ``user`` may change ``instance`` (one query for a saved row, two for an alias)."""
    if not may(user, _permission(instance, "change")):
        return False
    if instance.pk is None or may(user, REVIEW):
        return True
    # An alias's values name its entity: the name readers see is the saved one, wherever new values would
    # move it (moving it to an entity no reader sees would delete it from the public one, unreviewed).
    saved = [EntityAlias.objects.get(pk=instance.pk)] if isinstance(instance, EntityAlias) else []
    return not any(is_public_reference(row) for row in [instance, *saved])


def _check_metric_unit(metric: Metric) -> None:
    """Refuse to change the unit or dimension of a metric whose public claims are compared in it."""
    if metric.pk is None:
        return
    before = Metric.objects.get(pk=metric.pk)
    unit = figures.normalise_unit(metric.canonical_unit)
    if unit != before.canonical_unit and public_claims().filter(metric=metric).exists():
        raise ServiceError(
            f"Published claims compare figures in {before.canonical_unit}; changing the unit to {unit} would "
            "change what readers see without review. Create a new metric instead.",
            code="state")


@transaction.atomic
def reference_save(*, instance, user=None):
    """Create or change a source, publisher, entity, alias or metric, checking who may.

    The instance carries the new values (validated by the caller's form or serializer).
    """
    adding = instance.pk is None
    require(user, _permission(instance, "add" if adding else "change"),
            f"{'add' if adding else 'change'} {instance._meta.verbose_name_plural}")
    if not adding:
        type(instance).objects.select_for_update().filter(pk=instance.pk).first()
        if not reference_changeable(instance=instance, user=user):
            raise ServiceError(
                f"Readers see this {instance._meta.verbose_name}; only editors may change it.", code="permission")
    if isinstance(instance, Metric):
        _check_metric_unit(instance)
    if adding and isinstance(instance, EntityAlias) and not may(user, REVIEW) \
            and is_public_reference(instance.entity):
        instance.status, instance.proposed_by = EntityAlias.Status.PENDING, user
    counts = None
    if isinstance(instance, Source) and not adding:
        # A source's original is public while a copy of it is cited: both count as sources.
        was = Source.objects.filter(pk=instance.pk).values_list("original_id", flat=True).first()
        counts = CountsTracker(sources=[instance.pk, was, instance.original_id])
    instance._history_user = user
    instance.save()
    _refresh_search(instance)
    if counts is not None:
        counts.apply()
    return instance


def _refresh_search(instance) -> None:
    """Keep claim search in step with its subjects' names and aliases."""
    from claims.services.claims import claims_refresh_subjects_text

    if isinstance(instance, Entity):
        claims_refresh_subjects_text(entity_ids=[instance.pk])
    elif isinstance(instance, EntityAlias):
        claims_refresh_subjects_text(entity_ids=[instance.entity_id])


@transaction.atomic
def reference_delete(*, instance, user=None) -> None:
    """Delete reference data nobody relies on; what readers see, or what evidence uses, stays."""
    require(user, _permission(instance, "delete"), f"delete {instance._meta.verbose_name_plural}")
    # An editor removes a name readers see as they would approve one; other public data stays.
    removable = isinstance(instance, EntityAlias) and may(user, REVIEW)
    if not removable and is_public_reference(instance):
        raise ServiceError(f"Readers see this {instance._meta.verbose_name}; it cannot be deleted.", code="state")
    instance._history_user = user
    instance.delete()
    if isinstance(instance, EntityAlias):
        _refresh_search(instance)


@transaction.atomic
def alias_review(*, alias: EntityAlias, user, approve: bool) -> EntityAlias | None:
    """Approve a pending name of an entity readers see (it becomes public) or reject it (it is deleted).

    Four eyes: whoever proposed the name cannot approve it. Returns the alias, or None once rejected.
    """
    require(user, REVIEW, "review names of entities")
    alias = EntityAlias.objects.select_for_update().get(pk=alias.pk)
    if alias.status != EntityAlias.Status.PENDING:
        raise ServiceError("This name is not waiting for review.", code="state")
    if approve and user is not None and alias.proposed_by_id == user.pk:
        raise ServiceError("Four eyes: you cannot approve a name you proposed.", code="four_eyes")
    alias._history_user = user
    if not approve:
        alias.delete()
        return None
    alias.status = EntityAlias.Status.APPROVED
    alias.save()
    _refresh_search(alias)
    return alias
