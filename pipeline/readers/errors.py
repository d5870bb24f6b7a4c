"""The one error type readers raise for input a person must fix; the CLI prints it on one line."""


def show_path(path: str) -> str:
    """*path* safe to print on one line: control characters (a newline in a file name could forge
    a second error line) written as escapes, e.g. 'a\\nb.txt'."""
    if path.isprintable():
        return path
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in path)


class InputError(Exception):
    """An input file that cannot be converted (missing, empty, binary, unsupported, corrupt)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{show_path(path)}: {show_path(reason)}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # pickled whole (path and reason) from a bounded conversion's child
        return (InputError, (self.path, self.reason))
