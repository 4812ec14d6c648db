"""taizhang (台账): turn Chinese government notices (公文) into validated ledger records.

The repository's top folder is the `taizhang` package: `pipeline/`, `extractors/` and
`schemas/` are its subpackages and `cli.py` its command line. This module is the Python
API, the same verbs as the command line; it imports nothing heavy until a verb is used.
"""
from __future__ import annotations

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("taizhang")
except _metadata.PackageNotFoundError:      # running from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
