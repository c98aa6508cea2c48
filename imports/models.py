"""Imports: every article brought in (desk, command line, background), its candidates and the desk's decisions."""
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


class ImportJobQuerySet(models.QuerySet):
    def with_undecided(self):
        """Annotate each import with how many of its candidates have no decision yet (a subquery, not a query per row)."""
        decided = CandidateDecision.objects.filter(snapshot_id=OuterRef("job__snapshot_id"), key=OuterRef("key"))
        undecided = (ImportCandidate.objects.filter(job=OuterRef("pk")).exclude(Exists(decided)).order_by()
                     .values("job").annotate(n=Count("pk")).values("n"))
        return self.annotate(undecided=Coalesce(Subquery(undecided), 0))

    def unfinished(self):
        """Keep the imports with candidates still undecided."""
        return self.with_undecided().filter(undecided__gt=0)


class ImportJob(models.Model):
    """One import: what was given, how it came in, what it did, and the candidates it proposed."""

    class Via(models.TextChoices):
        DESK = "desk", "Desk (Import source)"
        COMMAND = "command", "Command line"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    url = models.URLField(max_length=2000, blank=True, help_text="Fetch this address…")
    text = models.TextField(blank=True, help_text="…or capture this text or HTML (an upload, decoded).")
    input_name = models.CharField(max_length=300, blank=True, help_text="The uploaded file's name.")
    title = models.CharField(max_length=500, blank=True)
    publisher_name = models.CharField(max_length=200, blank=True)
    into_source = models.ForeignKey(
        "sources.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Capture as a new version of this source.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    source = models.ForeignKey("sources.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    snapshot = models.ForeignKey(
        "sources.Snapshot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=200, blank=True, help_text="What the import did, in a few words.")
    candidate_count = models.PositiveIntegerField(null=True, blank=True)
    detector_version = models.CharField(max_length=64, blank=True, help_text="The claim detector that proposed.")
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.DESK, help_text="Where it was asked for.")
    background = models.BooleanField(default=False, help_text="Run by a worker after the request returned.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "import"
        ordering = ["-created_at", "-id"]
        constraints = [
            # A queued import keeps its input for the worker; one that ran keeps its capture instead.
            models.CheckConstraint(condition=~Q(url="") | ~Q(text="") | Q(status="done"),
                                   name="importjob_has_input_unless_done"),
        ]

    def __str__(self):
        return self.url or self.input_name or self.title or f"pasted text #{self.pk}"


class ImportCandidate(models.Model):
    """A candidate claim as an import proposed it, kept so the import can be taken up where it was left."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="candidates")
    key = models.CharField(max_length=64, help_text="Its place in the snapshot's text (CandidateDecision.key).")
    rank = models.PositiveIntegerField(help_text="Its place in the list, best first.")
    quote = models.TextField()
    figure_text = models.CharField(max_length=300, blank=True)
    score = models.FloatField()
    data = models.JSONField(encoder=DjangoJSONEncoder, help_text="The candidate as extracted (imports.stored).")

    class Meta:
        ordering = ["job", "rank"]
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="import_candidate_once")]

    def __str__(self):
        return self.figure_text or self.quote[:60]


class CandidateDecision(models.Model):
    """An editor's answer to one candidate of a snapshot: accepted or declined, so the review page
    remembers it (a declined candidate is not ticked again when the page reloads)."""

    class Outcome(models.TextChoices):
        CLAIM = "claim", "Accepted as a new claim"
        APPEARANCE = "appearance", "Recorded as an appearance of an existing claim"
        DECLINED = "declined", "Declined"

    snapshot = models.ForeignKey("sources.Snapshot", on_delete=models.CASCADE, related_name="candidate_decisions")
    key = models.CharField(max_length=64, help_text="The candidate's key (its place and figure in the text).")
    accepted = models.BooleanField()
    # Empty on decisions taken before outcomes were kept: accepted then says only "accepted".
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    claim = models.ForeignKey("claims.Claim", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              help_text="The claim it became, or the claim it was recorded as an appearance of.")
    detector_version = models.CharField(max_length=64, blank=True,
                                        help_text="The claim detector in use when the desk decided.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "key"], name="candidate_decision_once")]

    def __str__(self):
        return f"{self.get_outcome_display() or ('Accepted' if self.accepted else 'Declined')} {self.key}"


class RefetchCheck(models.Model):
    """When an imported address was last fetched again to catch a silent edit, and how that went."""

    source = models.OneToOneField("sources.Source", on_delete=models.CASCADE, related_name="refetch_check")
    queued_at = models.DateTimeField(help_text="When the last re-fetch was queued.")
    checked_at = models.DateTimeField(null=True, blank=True, help_text="When the page was last fetched again.")
    outcome = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Failed fetches in a row.")

    def __str__(self):
        return f"re-fetch of source {self.source_id}"


class DetectorVersion(models.Model):
    """A claim-detector model retrained from the shipped corpus plus the desk's decisions.

    At most one is active: the importer scores sentences with it. None active means the model
    trained from the shipped corpus alone (its version is "corpus-" and the corpus's hash).
    """

    version = models.CharField(max_length=64, unique=True)
    corpus = models.CharField(max_length=64, help_text="The shipped corpus's version it was trained with.")
    desk_examples = models.PositiveIntegerField(help_text="Desk decisions it learned from.")
    replaced = models.CharField(max_length=64, help_text="The version in use when it was trained.")
    f1_before = models.FloatField(help_text="F1 of the replaced version on the held-out part.")
    precision = models.FloatField()
    recall = models.FloatField()
    f1 = models.FloatField(help_text="F1 on the held-out part: above f1_before, or it was not kept.")
    model = models.BinaryField(help_text="The trained model (scikit-learn, pickled by this project).")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["active"], condition=Q(active=True),
                                               name="one_active_detector")]

    def __str__(self):
        return self.version
