"""deduce itself: importing it, its on-disk lookup cache (built once, shared by every process)
and building the one instance a process needs."""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CACHE_ENV = "ZORGZAAM_DEDUCE_CACHE"
#: ``never``: this process never builds deduce's lookup cache (a web or task worker in
#: production); it waits for a build that is running, reads the cache, or refuses clearly.
BUILD_ENV = "ZORGZAAM_DEDUCE_BUILD"


class DeduceUnavailableError(RuntimeError):
    """deduce could not be imported or built."""


def _import_deduce() -> Any:
    """Import deduce without letting it reconfigure logging.

    deduce 3.0.6 calls ``logging.basicConfig(stream=sys.stdout, level=DEBUG)`` at import
    time, which would send every DEBUG record of the process to stdout (and pollute the
    CLI output). We undo exactly what that call added.
    """
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    level_before = root.level
    import deduce

    for handler in list(root.handlers):
        if handler not in handlers_before:
            root.removeHandler(handler)
    root.setLevel(level_before)
    return deduce


def default_cache_path() -> Path:
    """Where deduce's lookup cache lives unless ``$ZORGZAAM_DEDUCE_CACHE`` says otherwise.

    In a virtual environment: ``<venv>/var/cache/zorgzaam-deduce`` (the cache belongs to the
    installed deduce, and ``make install`` builds it there). Otherwise the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``)/``zorgzaam/deduce``. Never deduce's own package
    directory: deduce judges a cache there stale when a lookup file looks newer than the
    cache, comparing local times, and a Django process runs in Europe/Amsterdam while a plain
    Python process runs in the system's zone, so a cache written by one was rebuilt (a
    minute and 1.1 GB) by the other. In a folder of its own only deduce's version is checked.
    """
    if sys.prefix != sys.base_prefix:
        return Path(sys.prefix) / "var" / "cache" / "zorgzaam-deduce"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zorgzaam" / "deduce"


def resolve_cache_path(cache_path: str | os.PathLike[str] | None = None) -> Path:
    """Argument, else ``$ZORGZAAM_DEDUCE_CACHE``, else ``default_cache_path()``."""
    value = cache_path if cache_path is not None else os.environ.get(CACHE_ENV) or None
    return Path(value) if value else default_cache_path()


def cache_file(cache_path: str | os.PathLike[str] | None = None) -> Path:
    """The lookup cache file deduce reads inside the cache directory."""
    return resolve_cache_path(cache_path) / "cache" / "lookup_structs.pickle"


def _deduce_with_cache(deduce: Any, path: Path) -> Any:
    """A deduce instance, its lookup structures loaded from ``path`` or built and stored there.

    One process builds, under a lock file in ``path``: another process that needs the cache
    meanwhile (``make install`` builds it in the background while ``make run`` migrates and
    loads the demo; two test workers) waits for it and then reads it, instead of building
    its own (a minute and 1.1 GB). The new cache is written aside and moved into place in one
    rename, so nobody reads half a file. When ``path`` cannot be written the structures are
    built without a lasting cache (slow on every start; logged).
    """
    target = path / "cache" / "lookup_structs.pickle"
    if target.is_file():
        return deduce.Deduce(cache_path=path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path / ".build.lock", "a")  # noqa: SIM115 - held across the build
    except OSError as exc:
        log.warning("deduce cache folder %s is not writable (%s): no lasting cache", path, exc)
        with tempfile.TemporaryDirectory(prefix="zorgzaam-deduce-") as tmp:
            return deduce.Deduce(cache_path=Path(tmp))
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if target.is_file():  # built by another process while this one waited
            return deduce.Deduce(cache_path=path)
        if os.environ.get(BUILD_ENV, "").strip().lower() == "never":
            raise DeduceUnavailableError(
                f"deduce's lookup cache is missing in {path} and {BUILD_ENV}=never: build it "
                "at install time (scripts/install.sh, or warm_up() with the same "
                f"{CACHE_ENV}); a worker does not build it (about a minute and 2 GB)"
            )
        log.info("building deduce's lookup cache in %s (about a minute, once)", path)
        scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=path))
        try:
            instance = deduce.Deduce(cache_path=scratch)
            os.replace(scratch / "cache" / "lookup_structs.pickle", target)
            return instance
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def build_deduce(cache_path: str | os.PathLike[str] | None = None) -> Any:
    """Build one deduce instance (slow: ~3-6 s with a lookup cache, ~60 s without)."""
    deduce = _import_deduce()
    path = resolve_cache_path(cache_path)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # construction allocates millions of small objects; gc passes only cost time
    try:
        instance = _deduce_with_cache(deduce, path)
        # deduce's lookup structures are ~4.5 million container objects that live as long
        # as the process. Left in the collector, every full collection walks all of them
        # (~4 s on the reference machine, i.e. a 4 s pause in some request). Move
        # everything alive now into the permanent generation; nothing is freed by a
        # collection at this point (measured: 0 objects), so nothing leaks.
        gc.freeze()
        return instance
    except DeduceUnavailableError:
        raise
    except Exception as exc:  # pragma: no cover - depends on the installation
        raise DeduceUnavailableError(f"deduce could not be built: {type(exc).__name__}") from None
    finally:
        if gc_was_enabled:
            gc.enable()
