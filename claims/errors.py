"""The one exception a refused write raises, wherever it comes from (admin, API, importer, command)."""


class ServiceError(Exception):
    """A write refused by a rule; nothing was changed.

    ``code`` says which kind of rule, so every caller answers alike: "permission" (the role may not),
    "state" (not in this state), "concurrent" (a stale read), "four_eyes", "note", "conflict",
    "correction" and "invalid" (the input breaks a rule).
    """

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code
