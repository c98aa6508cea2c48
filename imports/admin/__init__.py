"""The importer's admin: the imports list and "Import source", each import's candidates, captures, detector versions."""
from imports.admin.captures import DetectorVersionAdmin, SnapshotAdmin
from imports.admin.jobs import ImportJobAdmin

__all__ = ["DetectorVersionAdmin", "ImportJobAdmin", "SnapshotAdmin"]
