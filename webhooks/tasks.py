"""The webhooks app's worker jobs, for the job system's discovery (procrastinate looks for tasks.py)."""
from webhooks.delivery import deliver

__all__ = ["deliver"]
