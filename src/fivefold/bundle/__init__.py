"""Bundles: one file that moves an assessment, with all its cycles, history and signatures, between databases.

`build_bundle` and `render_bundle` write one, `read_bundle` reads and types one, `check_bundle`
says whether it is whole, and `import_bundle` brings it into a database. The format is
documented in docs/bundle.md.
"""

from fivefold.bundle.build import build_bundle, render_bundle
from fivefold.bundle.check import BundleFault, check_bundle
from fivefold.bundle.format import BUNDLE_FORMAT, MAX_BUNDLE_BYTES, Bundle, parse_bundle, read_bundle
from fivefold.bundle.load import BundleConflict, Imported, import_bundle

__all__ = [
    "BUNDLE_FORMAT",
    "MAX_BUNDLE_BYTES",
    "Bundle",
    "BundleConflict",
    "BundleFault",
    "Imported",
    "build_bundle",
    "check_bundle",
    "import_bundle",
    "parse_bundle",
    "read_bundle",
    "render_bundle",
]
