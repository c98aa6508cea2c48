# Deliveries pending before the job system (rows only, sent by threads or run_webhooks) get their job,
# due when the delivery is, so an upgrade loses none.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("procrastinate", "0041_post_retry_failed_job"),
    ]

    operations = [
        migrations.RunSQL(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, scheduled_at, args)"
            " SELECT 'webhooks', 'webhooks.deliver', next_attempt_at,"
            " jsonb_build_object('delivery_id', id, 'due', to_json(next_attempt_at) #>> '{}')"
            " FROM webhooks_delivery WHERE status = 'pending'",
            migrations.RunSQL.noop,
        ),
    ]
