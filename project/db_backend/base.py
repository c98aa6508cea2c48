"""PostgreSQL backend that starts the embedded server on first connection."""
from pathlib import Path

from django.db.backends.postgresql import base

from project.embedded_postgres import ensure_running


class DatabaseWrapper(base.DatabaseWrapper):
    """Connect through the embedded server's Unix socket, starting it when it is not running."""

    def get_connection_params(self):
        """Point the connection at the embedded server's socket, which exists only once it runs."""
        params = super().get_connection_params()
        # The test database is created from a connection to "postgres", so ensure the
        # project database (settings NAME), not whatever this connection targets.
        params["host"] = ensure_running(
            Path(self.settings_dict["EMBEDDED_PGDATA"]), self.settings_dict["EMBEDDED_DATABASE"]
        )
        return params
