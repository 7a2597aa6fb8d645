"""Registry Office: register of licensed building professionals and their e-certificates."""

from typing import Any


def __getattr__(name: str) -> Any:
    # The version's one source is pyproject.toml (app/version.py); read on first use only.
    if name == "__version__":
        from app.version import program_version

        return program_version()
    raise AttributeError(name)
