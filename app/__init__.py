"""Registry Office: register of licensed building professionals and their e-certificates."""

__version__ = "0.1.0"
