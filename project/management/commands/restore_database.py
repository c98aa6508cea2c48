from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from project import backup


class Command(BaseCommand):
    help = ("Create the new database NAME on the configured server and restore FILE (from backup_database) "
            "into it; then point DATABASE_URL at it. It never restores over an existing database.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a dump written by backup_database")
        parser.add_argument("--into", required=True, metavar="NAME", help="the new database to create")

    def handle(self, *args, file: Path, into: str, **options):
        try:
            backup.restore(file, into=into)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {file} into the new database {into}.")
