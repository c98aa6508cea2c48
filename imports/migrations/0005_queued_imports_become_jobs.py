# Imports queued before the job system (rows only, run by threads or run_import_jobs) get their job,
# so an upgrade loses none; a job already finished is left alone by the task itself.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0004_refetch_checks"),
        ("procrastinate", "0041_post_retry_failed_job"),
    ]

    operations = [
        migrations.RunSQL(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args)"
            " SELECT 'imports', 'imports.run_import', jsonb_build_object('job_id', id)"
            " FROM imports_importjob WHERE status IN ('queued', 'running')",
            migrations.RunSQL.noop,
        ),
    ]
