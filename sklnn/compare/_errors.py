"""The error type for a user's mistake in a comparison request."""


class UsageError(ValueError):
    """A comparison request that cannot run: a bad data set, task, model or folder.

    The command line turns it into a one-line message and exit status 2; any other
    exception is a bug and surfaces with its traceback.
    """


def one_line(error):
    """The message of ``error`` on one line, for a :class:`UsageError` that quotes it."""
    return " ".join(str(error).split())
