"""The one error type readers raise for input a person must fix; the CLI prints it on one line."""


class InputError(Exception):
    """An input file that cannot be converted (missing, empty, binary, unsupported, corrupt)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
