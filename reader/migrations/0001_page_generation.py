from django.db import migrations, models

# At commit, every transaction that recorded an invalidation advances the generation: the new
# generation becomes visible to readers exactly when the data it describes does, and a cache that
# is down can neither fail the commit nor leave the generation behind.
TRIGGER = """
CREATE FUNCTION reader_advance_generation() RETURNS trigger AS $$
BEGIN
  -- An upsert: the row may be gone (a test flush truncates every table); it comes back advanced.
  INSERT INTO reader_pagegeneration (id, value) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET value = reader_pagegeneration.value + 1;
  DELETE FROM reader_pendinginvalidation WHERE id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER reader_advance_generation_at_commit
  AFTER INSERT ON reader_pendinginvalidation DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION reader_advance_generation();
INSERT INTO reader_pagegeneration (id, value) VALUES (1, 0);
"""
DROP = """
DROP TRIGGER IF EXISTS reader_advance_generation_at_commit ON reader_pendinginvalidation;
DROP FUNCTION IF EXISTS reader_advance_generation();
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="PageGeneration",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("value", models.BigIntegerField(default=0))],
            options={"db_table": "reader_pagegeneration"},
        ),
        migrations.CreateModel(
            name="PendingInvalidation",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))],
            options={"db_table": "reader_pendinginvalidation"},
        ),
        migrations.RunSQL(TRIGGER, reverse_sql=DROP),
    ]
