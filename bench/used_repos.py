"""List every repository the real-photo set has used or ruled out, so a new scope can avoid them.

A never-seen half is only never-seen if its repositories are new: a second screenshot of an app already in the
set is not a fresh test. The list is the union of the `repo` column of `sources/*.tsv` and every `owner/name`
the set's README quotes (scopes' "claimed and not used" lists name repositories that were looked at and
dropped). It over-includes a little (a quoted path of two parts), which only ever keeps a helper away.

    python -m bench.used_repos > used_repos.txt
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "realset"
_QUOTED = re.compile(r"`([A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+)`")
_NOT_REPO = re.compile(r"\.(png|jpe?g|tsv|json|md|py|txt|gif|svg|webp|pdf)$|^(sources|images|picks|truth|bench)/", re.I)


def used_repos(root: Path = ROOT) -> set[str]:
    repos: set[str] = set()
    for tsv in sorted((root / "sources").glob("*.tsv")):
        with tsv.open(newline="") as fh:
            repos.update(row["repo"].strip() for row in csv.DictReader(fh, delimiter="\t") if row.get("repo"))
    readme = (root / "README.md").read_text()
    repos.update(m for m in _QUOTED.findall(readme) if not _NOT_REPO.search(m))
    return {r for r in repos if "/" in r}


def main() -> int:
    for repo in sorted(used_repos(), key=str.lower):
        print(repo)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
