from django.db import migrations, models


class Migration(migrations.Migration):
    """Keep the raw input of every capture (HTML or pasted text) and where it was fetched."""

    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [
        # Renamed, not replaced, so any HTML captured before stays with its snapshot.
        migrations.RenameField(model_name="snapshot", old_name="html", new_name="raw"),
        migrations.AlterField(
            model_name="snapshot",
            name="raw",
            field=models.TextField(blank=True, help_text="The input as received (HTML or pasted text), before extraction."),
        ),
        migrations.AddField(
            model_name="snapshot",
            name="fetched_url",
            field=models.URLField(blank=True, help_text="Where it was fetched, after redirects.", max_length=2000),
        ),
        migrations.AddField(
            model_name="snapshot",
            name="media_type",
            field=models.CharField(blank=True, help_text="text/html or text/plain.", max_length=100),
        ),
        migrations.AlterField(
            model_name="snapshot",
            name="text",
            field=models.TextField(help_text="The article text quotes are anchored to."),
        ),
    ]
