"""Hand the page cache's four tables to the pagecache app: state only, the tables stay as they are."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reader", "0003_tag_versions_and_purge_targets"), ("pagecache", "0001_adopt_reader_tables")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name=name)
            for name in ("PageGeneration", "PendingInvalidation", "TagVersion", "PurgeTarget")
        ], database_operations=[]),
    ]
