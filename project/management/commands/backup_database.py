from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from project import backup


class Command(BaseCommand):
    help = ("Dump the whole database (pg_dump's custom format) to FILE. The password goes to pg_dump in a "
            "private password file, never on its command line, where every user could read it.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write the dump, e.g. crosscheck-2026-12-05.dump")

    def handle(self, *args, file: Path, **options):
        try:
            backup.dump(file)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Dumped the database to {file} ({file.stat().st_size:,} bytes).")
