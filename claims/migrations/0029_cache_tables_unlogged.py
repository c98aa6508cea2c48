"""The database cache tables (throttle counters, cached pages) unlogged: their writes skip the WAL.

Every anonymous API read writes its throttle counter, and every rendered page its entry; logged,
each such write waits for the WAL to reach the disk when it commits (about 0.3 ms of an API
detail's 2.5 ms here, bench at 10,000 claims). Nothing in these tables needs to survive a crash:
PostgreSQL empties an unlogged table after one, which loses throttle counts for a minute and
cached pages until they are rendered again, never correctness (what a cached page may show is
decided by the versions in reader_tagversion, which stay logged). Unlogged tables are not
copied to streaming replicas; nothing reads the cache from one.
"""
from django.db import migrations

TABLES = ["crosscheck_cache", "crosscheck_page_cache"]


class Migration(migrations.Migration):
    dependencies = [("claims", "0028_change_feed_conflict_opened_closed")]
    operations = [migrations.RunSQL([f"ALTER TABLE {table} SET UNLOGGED" for table in TABLES],
                                    [f"ALTER TABLE {table} SET LOGGED" for table in TABLES])]
