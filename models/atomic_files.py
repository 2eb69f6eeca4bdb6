"""Writing files so that a crash, a kill or a full disk never costs the user a file.

``write_atomic`` writes a temporary file beside the target, flushes and fsyncs it, renames it
over the target and fsyncs the folder: the target is always either the old file or the new one.
A save killed half-way leaves only its temporary (``.NAME.XXXXXXXX.tmp``); the next save or
open of the same file removes such leftovers (``remove_stale_temporaries``), and nothing else.
``output_refusal`` says why an output (a PDF) must not be written over the design itself.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: leftovers are recognised by their age alone
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".tmp"
# A temporary younger than this is never removed: it may be another program's save in progress
# (where locks are unavailable, the age is the only sign, so it is long).
STALE_AFTER_S = 2.0 if fcntl is not None else 600.0


def _temporary_pattern(name: str) -> re.Pattern[str]:
    """The names tempfile.mkstemp gives this file's temporaries: .NAME. + 8 random characters
    + .tmp. Anything else in the folder is left alone."""
    return re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a temporary file in the target's folder, flush and fsync it, then rename
    it over the target. A crash or a full disk at any point leaves either the old file or the new
    one, never a partial file. Raises OSError with the cause on failure."""
    target = Path(path)
    if not str(path):
        raise FileNotFoundError(errno.ENOENT, "no file name given", "")
    if target.is_symlink():
        # Replace the file the link points to, and keep the link.
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(target))
    if target.exists() and not target.is_file():
        # A device or a pipe must never be renamed over (as root that would replace /dev/...).
        raise OSError(errno.EINVAL, "is not a regular file", str(target))
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temporaries(target)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                         dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            if fcntl is not None:
                # Held until the file is closed: tells remove_stale_temporaries in another
                # process that this save is alive (a killed process drops its locks).
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            # Keep the permissions the user gave the file.
            os.chmod(temp_name, target.stat().st_mode & 0o7777)
        else:
            # mkstemp makes the file private (0600); a new design or PDF gets the usual mode.
            os.chmod(temp_name, 0o666 & ~_umask())
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise
    _fsync_folder(folder)


def output_refusal(design_path: str, output: str, what: str = "the PDF",
                   example: str = "SUMMARY.pdf") -> str | None:
    """Why an output (``what``: a PDF, a Word file, ...) must not be written at ``output``, or
    None. Writing it over the design file it was made from would destroy the design."""
    if not output.strip():
        return f"the output file name is empty; give one with -o {example}"
    if output == "-":
        return f"{what} cannot be written to standard output; give a file name with -o"
    try:
        same = os.path.exists(output) and os.path.samefile(output, design_path)
    except OSError:
        same = False
    if same or os.path.realpath(output) == os.path.realpath(design_path):
        return (f"{output}: is the design file itself; writing {what} there would destroy the "
                f"design. Choose another name, e.g. {example}")
    return None


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder entry is flushed (POSIX only).
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)




def remove_stale_temporaries(path: str | os.PathLike) -> list[Path]:
    """Remove what killed saves of ``path`` left behind: its own temporaries only, and only
    those no live process is writing (unlocked, and older than STALE_AFTER_S). Returns what was
    removed; any failure (a read-only folder) is ignored, since leftovers cost space, not data."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    pattern = _temporary_pattern(target.name)
    removed: list[Path] = []
    try:
        candidates = [entry for entry in os.scandir(folder)
                      if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)]
    except OSError:
        return removed
    now = time.time()
    for entry in candidates:
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_S:
                continue
            if fcntl is not None and not _unlocked(entry.path):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _unlocked(path: str) -> bool:
    """Whether no process holds the write lock of a temporary (so its save is dead)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # closing releases the lock taken above
    return True
