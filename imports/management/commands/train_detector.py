"""Retrain the claim detector from the shipped corpus plus the desk's accept/decline decisions."""
from django.core.management.base import BaseCommand

from imports.detector import store


class Command(BaseCommand):
    help = ("Retrain the claim detector from the shipped corpus and every accepted or declined import "
            "candidate; print precision, recall and F1 on the held-out part before and after; keep the new "
            "model only if its F1 is higher.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Measure, but keep the model in use.")

    def handle(self, *args, dry_run=False, **options):
        result = store.retrain(dry_run=dry_run)
        self.stdout.write(f"Desk decisions learned from: {result.desk_examples} sentences.")
        self.stdout.write(f"Held-out part: {result.after['sentences']} sentences, {result.after['claims']} claims.")
        for label, version, figures in (("before", result.replaced, result.before),
                                        ("after", result.version, result.after)):
            self.stdout.write(f"  {label:6} {version:28} precision {figures['precision']:.3f}  "
                              f"recall {figures['recall']:.3f}  F1 {figures['f1']:.3f}")
        if result.kept:
            self.stdout.write(self.style.SUCCESS(f"Kept {result.version}: the importer uses it from now on."))
        elif dry_run:
            self.stdout.write("Dry run: nothing kept.")
        else:
            self.stdout.write(self.style.WARNING(f"Not better: {result.replaced} stays in use."))
