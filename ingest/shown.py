r"""File names and messages as a terminal shows them: nothing in them acts on the terminal.

A file can be named with a newline, a terminal escape sequence (``\x1b[2J`` clears the
screen) or a right-to-left override. Such a name is printed quoted, ``repr``-style
(``'bad\nname.txt'``), so a message stays one line and shows what the name holds. A name
that starts with ``-`` reads as an option on the command line; the hint says to put it
after ``--``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence


def shown_path(path: object) -> str:
    """``path`` for a message: as it is when every character prints, else quoted by ``repr``."""
    text = os.fsdecode(path) if isinstance(path, (os.PathLike, bytes)) else str(path)
    return text if text.isprintable() else repr(text)


def for_terminal(message: object) -> str:
    r"""One line of a message with each character a terminal would act on written as ``\x1b``."""
    text = str(message)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def dash_hint(arguments: Sequence[str]) -> str | None:
    """What to do when a file named like an option (``-rf.txt``) was read as one; else None."""
    named = [
        argument
        for argument in arguments
        if argument.startswith("-") and argument not in ("-", "--") and os.path.lexists(argument)
    ]
    if not named:
        return None
    command = arguments[0] if arguments and not arguments[0].startswith("-") else "COMMAND"
    return (
        f"{named[0]!r} is a file whose name starts with '-', so it was read as an "
        f"option; put file names after '--': python -m ingest {command} [options] -- "
        + " ".join(shown_path(name) for name in named)
    )
