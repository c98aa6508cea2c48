"""Import articles from files or URLs: snapshot them and list the candidate claims in them."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from imports import jobs, records, services
from imports.capture import CaptureError
from imports.models import ImportJob
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Import articles (HTML or text files, or http(s) URLs) as source snapshots and list their candidate "
        "claims. The same content again changes nothing; changed content becomes a new snapshot and every "
        "known quote is re-anchored on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--url", default="", help="The article's address, when importing a saved file.")
        parser.add_argument("--publisher", default="", help="Publisher name (created if new).")
        parser.add_argument("--title", default="", help="Title, when the input does not say it well.")
        parser.add_argument("--source", default="", help="Capture as a new version of this source (slug or id).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per input.")
        parser.add_argument("--background", action="store_true",
                            help="Queue the imports for the workers (manage.py procrastinate worker) and return at once.")

    def handle(self, *args, inputs, url, publisher, title, source, json: bool, background: bool, **options):
        if len(inputs) > 1 and (url or title or source):
            raise CommandError("--url, --title and --source apply to one input; import several without them")
        target = _source(source) if source else None
        if background:
            for item in inputs:
                job = jobs.queue_input(item, url=url, title=title, publisher_name=publisher, into_source=target,
                                       via=ImportJob.Via.COMMAND)
                self.stdout.write(f"queued import job {job.pk}: {item}")
            return
        failures = []
        for item in tqdm(inputs, desc="importing", unit="article", disable=len(inputs) == 1 or None):
            try:
                captured = services.read_input(item, title=title)
                job, result = records.import_recorded(
                    captured, via=ImportJob.Via.COMMAND, input_name=_file_name(item), title=title, url=url,
                    publisher_name=publisher, source=target,
                )
            except CaptureError as exc:
                if len(inputs) == 1:
                    raise CommandError(str(exc)) from exc
                failures.append(f"{item}: {exc}")
                continue
            self._report(item, job, result, as_json=json)
        if failures:
            raise CommandError(f"{len(failures)} of {len(inputs)} inputs failed: " + "; ".join(failures))

    def _report(self, item, job, result, *, as_json):
        if as_json:
            self.stdout.write(json_dumps({"import": job.pk, **result.as_dict()}))
            return
        source = result.source
        self.stdout.write(f"{item}: {result.outcome}: source {source.pk} “{source.title}”, snapshot "
                          f"{result.snapshot.pk} ({len(result.snapshot.text):,} characters); import {job.pk}, "
                          "its candidates under Imports on the desk")
        if result.anchors:
            self.stdout.write("  quotes re-anchored: " + ", ".join(f"{n} {k}" for k, n in sorted(result.anchors.items())))
        for candidate in result.candidates:
            note = (" [already recorded]" if candidate.recorded else
                    f" [repeats claim {candidate.matches[0]['id']}]" if candidate.matches else "")
            metric = f" — {candidate.metric[1]}" if candidate.metric else ""
            said = candidate.figure_text or f"“{candidate.statement[:70]}”"  # no figure: what the sentence claims
            reason = f" (maybe not a claim: {candidate.reason})" if candidate.reason else ""
            self.stdout.write(f"  {candidate.start}–{candidate.end} {candidate.type_label}, score "
                              f"{candidate.score:.2f}: {said}{metric}{note}{reason}")


def json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def _file_name(item: str) -> str:
    return "" if item.startswith(("http://", "https://")) else Path(item).name


def _source(reference: str) -> Source:
    lookup = {"pk": int(reference)} if reference.isdigit() else {"slug": reference}
    try:
        return Source.objects.get(**lookup)
    except Source.DoesNotExist as exc:
        raise CommandError(f"no source {reference!r}: give its slug or id") from exc

