"""The imports app's worker jobs, for the job system's discovery (procrastinate looks for tasks.py)."""
from imports.jobs import run_import
from imports.refetch import refetch_imported_sources, refetch_source

__all__ = ["run_import", "refetch_imported_sources", "refetch_source"]
