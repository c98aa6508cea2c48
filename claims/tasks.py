"""The claims app's worker jobs, for the job system's discovery (procrastinate looks for tasks.py)."""
from claims.notifications import send_notification

__all__ = ["send_notification"]
