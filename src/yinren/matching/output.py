"""Writing a run's output directory all at once, or not at all.

A run writes into a fresh hidden sibling of `out` (`.<name>.tmp-<random>`), fsyncs every file and
directory, and only then puts it in place:

- when `out` does not exist, by one rename(2);
- when it does, by renameat2(2) with RENAME_EXCHANGE, which swaps the two directories in one atomic step
  (Linux 3.15+, on local file systems): at every instant `out` is either the whole old run or the whole
  new one. The old run, now at the temporary name, is then removed. Where the exchange is not supported,
  `out` is first renamed aside (`.<name>.old-<random>`) and the new one renamed in; if that second
  rename fails the old one is renamed back. A crash between the two leaves no `out` but the old run
  beside it, whole, under its `.old-` name.

A failure or an interruption (Ctrl-C included) before the swap removes the temporary directory and leaves
`out` as it was. A kill -9 can leave a `.tmp-` or `.old-` sibling; the next run on the same `out` removes
it. Runs on the same parent directory are serialised by an flock(2) on the parent directory itself, so
removing those leftovers never races another run, and the lock leaves no file behind.

`out` is replaced only when it is empty or holds a previous run (its `manifest.json` says so): a mistyped
`--out` never deletes someone's directory.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import secrets
import shutil
from pathlib import Path

MANIFEST = "manifest.json"
GENERATOR = "yinren match"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(RuntimeError):
    """The output directory cannot be written or replaced; the message says why, in both languages."""


def is_previous_run(out: Path) -> bool:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("generator") == GENERATOR


def check_replaceable(out: Path) -> None:
    if not out.exists() and not out.is_symlink():
        return
    if out.is_symlink() or not out.is_dir():
        raise OutputError(f"{out} exists and is not a directory / {out} 已存在且不是目录")
    if any(out.iterdir()) and not is_previous_run(out):
        raise OutputError(
            f"{out} is not empty and holds no previous match run; refusing to replace it / "
            f"{out} 非空且不是此前的匹配结果，拒绝覆盖"
        )


def fsync_tree(root: Path) -> None:
    """fsync every file, then every directory (deepest first), under root and root itself."""
    directories = []
    for folder, _, files in os.walk(root):
        directories.append(folder)
        for name in files:
            descriptor = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
    for folder in reversed(directories):
        fsync_directory(Path(folder))


def fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (renameat2 RENAME_EXCHANGE); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def _swap_in(staged: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staged, out)
        return
    if _exchange(staged, out):
        shutil.rmtree(staged)  # the old run, now at the staged name
        return
    aside = out.with_name(f".{out.name}.old-{secrets.token_hex(4)}")
    os.rename(out, aside)
    try:
        os.rename(staged, out)
    except OSError:
        os.rename(aside, out)
        raise
    shutil.rmtree(aside)


def _leftovers(out: Path) -> list[Path]:
    return [
        path
        for path in out.parent.glob(f".{out.name}.*")
        if path.name.startswith((f".{out.name}.tmp-", f".{out.name}.old-")) and path.is_dir()
    ]


class StagedOutput:
    """A temporary directory to write a run into; `commit()` puts it in place of `out` atomically.

    Used as a context manager: leaving it without a commit (an error, an interruption) removes the
    temporary directory and leaves `out` as it was. Raises OutputError on entry when `out` may not be
    replaced, before anything is written.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        self.path = self.out.parent / f".{self.out.name}.tmp-{secrets.token_hex(6)}"
        self._lock: int | None = None
        self.committed = False

    def __enter__(self) -> StagedOutput:
        parent = self.out.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create {parent}: {error} / 无法创建目录 {parent}") from error
        check_replaceable(self.out)
        self._lock = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX)
            for leftover in _leftovers(self.out):
                shutil.rmtree(leftover, ignore_errors=True)
            self.path.mkdir()
        except BaseException:
            self._release()
            raise
        return self

    def commit(self) -> None:
        """fsync the staged run, then swap it in for `out` (see the module)."""
        check_replaceable(self.out)
        fsync_tree(self.path)
        _swap_in(self.path, self.out)
        fsync_directory(self.out.parent)
        self.committed = True

    def __exit__(self, *exc: object) -> None:
        try:
            if self.path.exists():
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing releases the lock
            self._lock = None
