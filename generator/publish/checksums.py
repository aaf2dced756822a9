"""Checksums stage: each SHA256SUMS the plan names (plan.Checksums), made once the files it sums
are in the output folder, from those files as they are there: written by this build or kept from
the last one. Summed as they are, never rendered a second time."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

from generator.files import opened_regular
from generator.pages.plan import Checksums
from generator.publish.staging import Output

# The largest file summed (database.json: about 3 KB a record).
MAX_SUMMED_BYTES = 4 * 1024 * 1024 * 1024

# The SHA-256 of a file summed before, with the fingerprint of what was hashed, by site file:
# serve keeps it from one build to the next (BuildMemory.checksums).
Known = dict[str, tuple[str, str]]


def write_checksums(
    output: Output, sums: Checksums, fingerprints: dict[str, str], known: Known
) -> bool:
    """Write one SHA256SUMS; True if its bytes changed. A file whose fingerprint is the one
    `known` hashed is not read again."""

    def sha256(file: str) -> str:
        if known.get(file, ("",))[0] != fingerprints[file]:
            with opened_regular(
                os.path.join(output.folder, file),
                MAX_SUMMED_BYTES,
                one_name=False,  # a file kept from the last build is a hard link to it
            ) as opened:  # hashed in pieces: database.json grows with the database
                digest = hashlib.file_digest(opened, "sha256").hexdigest()
            known[file] = (fingerprints[file], digest)
        return known[file][1]

    folder = sums.path[: sums.path.rfind("/") + 1]
    named = ((sha256(file), file.removeprefix(folder)) for file in sums.files)
    return output.write_file(sums.path, sha256sum_lines(named))


def sha256sum_lines(sums: Iterable[tuple[str, str]]) -> bytes:
    """(SHA-256 in hex, file name) pairs in `sha256sum` format, which `sha256sum -c` checks."""
    return "".join(f"{digest}  {name}\n" for digest, name in sums).encode("ascii")
