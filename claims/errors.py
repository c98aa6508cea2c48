"""The one exception a refused write raises, wherever it comes from (admin, API, importer, command)."""


class ServiceError(Exception):
    """A write refused by a rule; nothing was changed.

    ``code`` says which kind of rule, so every caller answers alike: "permission" (the role may not),
    "state" (not in this state), "concurrent" (a stale read), "four_eyes", "note", "conflict",
    "correction" and "invalid" (the input breaks a rule). ``fields`` names, for each unmet requirement
    the caller can meet by sending something, the parameter to send and what is wrong with it.
    """

    def __init__(self, message: str, code: str = "invalid", fields: dict[str, list[str]] | None = None,
                 problems: list[tuple[str, str | None]] | None = None):
        super().__init__(message)
        self.code = code
        self.fields = fields or {}
        # Each unmet requirement as (message, parameter or None), for callers that show them one by one.
        self.problems = problems or [(message, None)]


class Refusals:
    """Collect every unmet requirement of one write, so the caller hears all of them at once."""

    def __init__(self):
        self.problems: list[tuple[str, str, str | None]] = []  # (code, message, parameter to send)

    def add(self, code: str, message: str, field: str | None = None) -> None:
        self.problems.append((code, message, field))

    def raise_any(self) -> None:
        """Raise one ServiceError carrying every problem (the first one's code), if there are any."""
        if not self.problems:
            return
        fields: dict[str, list[str]] = {}
        for _, message, field in self.problems:
            if field:
                fields.setdefault(field, []).append(message)
        raise ServiceError(" ".join(message for _, message, _ in self.problems), code=self.problems[0][0],
                           fields=fields, problems=[(message, field) for _, message, field in self.problems])
