from django.db import migrations, models

# At commit, each recorded tag gets the next generation as its version. The generation row is updated
# (and so locked until commit) first, so versions are handed out in commit order: whoever reads the
# generation G has every commit numbered up to G visible, and every later one numbered above G.
TRIGGER = """
CREATE OR REPLACE FUNCTION reader_advance_generation() RETURNS trigger AS $$
DECLARE
  generation bigint;
BEGIN
  UPDATE reader_pagegeneration SET value = value + 1 WHERE id = 1 RETURNING value INTO generation;
  IF NOT FOUND THEN
    -- The row is gone (a flush truncates every table, but not the page cache's): it comes back past
    -- any generation stored before (microseconds since 1970), and "all" moves with it, so no answer
    -- cached before the flush is current after it.
    INSERT INTO reader_pagegeneration (id, value)
      VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
      ON CONFLICT (id) DO UPDATE SET value = reader_pagegeneration.value + 1
      RETURNING value INTO generation;
    INSERT INTO reader_tagversion (tag, version) VALUES ('all', generation)
      ON CONFLICT (tag) DO UPDATE SET version = EXCLUDED.version;
  END IF;
  INSERT INTO reader_tagversion (tag, version) VALUES (NEW.tag, generation)
    ON CONFLICT (tag) DO UPDATE SET version = EXCLUDED.version;
  DELETE FROM reader_pendinginvalidation WHERE id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""
# Back to the trigger of 0001: one generation for everything.
REVERSE = """
CREATE OR REPLACE FUNCTION reader_advance_generation() RETURNS trigger AS $$
BEGIN
  INSERT INTO reader_pagegeneration (id, value) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET value = reader_pagegeneration.value + 1;
  DELETE FROM reader_pendinginvalidation WHERE id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("reader", "0002_reader_reports")]

    operations = [
        migrations.AddField(model_name="pendinginvalidation", name="tag", field=models.TextField(db_default="all")),
        migrations.CreateModel(
            name="TagVersion",
            fields=[("tag", models.TextField(primary_key=True, serialize=False)),
                    ("version", models.BigIntegerField(db_index=True))],
            options={"db_table": "reader_tagversion"},
        ),
        migrations.CreateModel(
            name="PurgeTarget",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("url", models.TextField(unique=True)),
                ("purged_through", models.BigIntegerField(default=0)),
                ("failures", models.PositiveIntegerField(default=0, help_text="Failed attempts since the last success.")),
                ("last_error", models.TextField(blank=True)),
                ("last_attempt_at", models.DateTimeField(blank=True, null=True)),
                ("last_success_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"db_table": "reader_purgetarget"},
        ),
        migrations.RunSQL(TRIGGER, reverse_sql=REVERSE),
    ]
