"""The real-photo set's bookkeeping: one image per id, one half per image, a source row for each."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

SET = Path(__file__).resolve().parents[1] / "bench" / "realset"


def _ids(tsv: Path) -> list[str]:
    return [ln.split("\t")[0] for ln in tsv.read_text().splitlines()[1:] if ln.strip()]


def test_every_id_is_listed_once_in_the_split_and_the_sources():
    split = Counter(_ids(SET / "split.tsv"))
    sources = Counter(i for f in sorted((SET / "sources").glob("*.tsv")) for i in _ids(f))
    assert [i for i, n in split.items() if n > 1] == []  # a second gatherer's files would replace the first's
    assert [i for i, n in sources.items() if n > 1] == []
    assert sorted(set(split) - set(sources)) == []  # every image in a half says where it came from


def test_every_split_id_has_its_truth():
    # (not every image: a few whose licence does not allow a copy are fetched by commit, `bench/realset/README.md`)
    truth = {p.stem for p in (SET / "truth").glob("*.json")}
    assert sorted(set(_ids(SET / "split.tsv")) - truth) == []
