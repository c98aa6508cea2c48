"""The page cache's worker jobs, for the job system's discovery (procrastinate looks for tasks.py)."""
from pagecache.purge import purge_changes

__all__ = ["purge_changes"]
