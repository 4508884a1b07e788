"""`scan --html`: one self-contained page for a batch that people can look at, and that leaks nothing.

The page is built from the report records alone (plus the previews of `previews.py`): a summary by
decision and by HIPAA identifier, then one card per photo (its preview with the findings outlined, the
decision, the reasons, what was found by identifier) sorted so rejects and redactions come first, with
filters by decision and by identifier.

Why it can be mailed around: no finding's text is ever written into it (not even masked: the report's
`text` field is not read here), previews are the safe copies or masked, mosaicked originals, and
everything is inline (CSS, a few lines of JS, images as data: URIs) with a Content-Security-Policy that
forbids the page any network request. File names are shown: they are how people find the photo.
"""

from __future__ import annotations

import base64
import html
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import __version__
from .journal import atomic_write
from .model import Identifier
from .previews import Preview, preview

ORDER = {"reject": 0, "redact": 1, "accept": 2}
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "form-action 'none'; base-uri 'none'")

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1d2330;color:#fff;padding:14px 22px}
header h1{margin:0;font-size:20px} header p{margin:4px 0 0;color:#c7ccd6}
main{padding:16px 22px}
.summary{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start;margin-bottom:16px}
.summary table{border-collapse:collapse;background:#fff;box-shadow:0 1px 2px #0002}
.summary th,.summary td{padding:4px 10px;border-bottom:1px solid #e3e5ea;text-align:left}
.summary td.n{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:flex;gap:16px;align-items:center;margin:8px 0 14px;flex-wrap:wrap}
.filters select{font:inherit;padding:3px 6px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.card{background:#fff;box-shadow:0 1px 3px #0003;border-top:5px solid #999;padding:10px;overflow:hidden}
.card[data-decision=reject]{border-color:#c62828} .card[data-decision=redact]{border-color:#e0a800}
.card[data-decision=accept]{border-color:#2e7d32} .card[hidden]{display:none}
.thumb{display:flex;justify-content:center;align-items:center;background:#222;min-height:120px}
.thumb img{display:block;max-width:100%;height:auto}
.none{color:#ddd;padding:30px 10px;text-align:center}
.name{font-weight:600;word-break:break-all;margin:8px 0 2px}
.badge{display:inline-block;font-weight:700;text-transform:uppercase;font-size:12px;padding:1px 6px;color:#fff}
.badge.reject{background:#c62828} .badge.redact{background:#b58900} .badge.accept{background:#2e7d32}
.card ul{margin:6px 0 0;padding-left:18px} .ids{margin-top:6px;color:#444}
.chip{display:inline-block;background:#eef0f4;border-radius:9px;padding:0 7px;margin:2px 3px 0 0;font-size:12px}
.legend span{margin-right:12px} .sw{display:inline-block;width:10px;height:10px;margin-right:4px;border:2px solid}
"""

SCRIPT = """
(function(){
  var d=document.getElementById('f-decision'), i=document.getElementById('f-id'),
      n=document.getElementById('shown'), cards=document.querySelectorAll('.card');
  function apply(){
    var shown=0;
    cards.forEach(function(c){
      var ok=(!d.value||c.dataset.decision===d.value)&&
             (!i.value||(' '+c.dataset.ids+' ').indexOf(' '+i.value+' ')>=0);
      c.hidden=!ok; if(ok) shown++;
    });
    n.textContent=shown;
  }
  d.addEventListener('change',apply); i.addEventListener('change',apply); apply();
})();
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _ids(record: dict[str, Any]) -> Counter[int]:
    return Counter(int(f["identifier"]) for f in record.get("findings", []))


def _id_title(number: int) -> str:
    try:
        return Identifier(number).title
    except ValueError:
        return "unknown identifier"


def sort_key(record: dict[str, Any]) -> tuple[int, str]:
    return ORDER.get(record.get("decision", ""), -1), str(record.get("path", ""))


def _summary(records: list[dict[str, Any]]) -> str:
    decisions = Counter(r.get("decision") for r in records)
    rows = "".join(f'<tr><td><span class="badge {v}">{v}</span></td><td class="n">{decisions.get(v, 0)}</td></tr>'
                   for v in ("reject", "redact", "accept"))
    photos: Counter[int] = Counter()
    findings: Counter[int] = Counter()
    for r in records:
        ids = _ids(r)
        findings.update(ids)
        photos.update(ids.keys())
    id_rows = "".join(
        f'<tr><td>{n}</td><td>{_e(_id_title(n))}</td><td class="n">{photos[n]}</td>'
        f'<td class="n">{findings[n]}</td></tr>'
        for n in sorted(photos)) or '<tr><td colspan="4">nothing identifying found</td></tr>'
    return (f'<section class="summary"><table><caption>by decision</caption><tr><th>decision</th>'
            f'<th>photos</th></tr>{rows}</table>'
            f'<table><caption>by HIPAA identifier</caption><tr><th>#</th><th>identifier</th><th>photos</th>'
            f'<th>findings</th></tr>{id_rows}</table></section>')


def _filters(records: list[dict[str, Any]]) -> str:
    present = sorted({n for r in records for n in _ids(r)})
    id_options = "".join(f'<option value="{n}">{n} {_e(_id_title(n))}</option>' for n in present)
    legend = "".join(f'<span><i class="sw" style="border-color:rgb{c}"></i>{k}</span>'
                     for k, c in (("face", (250, 200, 30)), ("text", (230, 40, 40)), ("barcode", (40, 120, 240)),
                                  ("marked by reviewer", (170, 60, 200))))
    return (f'<div class="filters"><label>decision <select id="f-decision"><option value="">all</option>'
            f'<option value="reject">reject</option><option value="redact">redact</option>'
            f'<option value="accept">accept</option></select></label>'
            f'<label>identifier <select id="f-id"><option value="">all</option>{id_options}</select></label>'
            f'<span>showing <b id="shown">{len(records)}</b> of {len(records)}</span>'
            f'<span class="legend">{legend}</span></div>')


def _card(index: int, record: dict[str, Any], pv: Preview, root: Path | None) -> str:
    path = Path(str(record.get("path", "")))
    shown = path.relative_to(root) if root is not None and path.is_relative_to(root) else path
    decision = str(record.get("decision", "reject"))
    ids = _ids(record)
    if pv.jpeg is not None:
        data = base64.b64encode(pv.jpeg).decode("ascii")
        thumb = (f'<img src="data:image/jpeg;base64,{data}" width="{pv.width}" height="{pv.height}" '
                 f'alt="preview {index} ({_e(pv.source)})" title="{_e(pv.source)}">')
    else:
        thumb = f'<div class="none">{_e(pv.source)}</div>'
    reasons = "".join(f"<li>{_e(r)}</li>" for r in record.get("reasons", []))
    chips = "".join(f'<span class="chip">{n} {_e(_id_title(n))} &times;{c}</span>' for n, c in sorted(ids.items()))
    return (f'<article class="card" data-decision="{_e(decision)}" data-ids="{" ".join(str(n) for n in sorted(ids))}">'
            f'<div class="thumb">{thumb}</div><div class="name">{_e(shown)}</div>'
            f'<span class="badge {_e(decision)}">{_e(decision)}</span><ul>{reasons}</ul>'
            f'<div class="ids">{chips}</div></article>')


def render(records: Iterable[dict[str, Any]], previews: dict[str, Preview], title: str = "imgscreen batch report",
           root: Path | None = None) -> str:
    """The page as a string. `previews` maps a record's path to its preview (missing: none shown)."""
    ordered = sorted(records, key=sort_key)
    cards = "".join(_card(i, r, previews.get(str(r.get("path")), Preview(None, source="no preview")), root)
                    for i, r in enumerate(ordered, 1))
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime())
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{_e(title)}</title>'
            f'<style>{STYLE}</style></head><body><header><h1>{_e(title)}</h1>'
            f'<p>{len(ordered)} photos &middot; imgscreen {__version__} &middot; {when} &middot; no PHI text is shown; '
            f'previews are safe copies, or masked mosaics for rejects</p></header><main>'
            f'{_summary(ordered)}{_filters(ordered)}<section class="grid">{cards}</section></main>'
            f'<script>{SCRIPT}</script></body></html>')


def build_previews(records: list[dict[str, Any]], make: Callable[[dict[str, Any]], Preview] = preview,
                   threads: int = 2) -> dict[str, Preview]:
    """Previews of every record, decoded on a few threads (image decoding releases the GIL)."""
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        return dict(zip((str(r["path"]) for r in records), pool.map(make, records), strict=True))


def write(path: Path, records: list[dict[str, Any]], root: Path | None = None, **kw: Any) -> Path:
    """Build the previews and write the page atomically at `path`."""
    page = render(records, build_previews(records, **kw), root=root)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, page)
    return path
