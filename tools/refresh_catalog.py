"""Maintainer tool: pin every entry of ``resources/catalog.json`` to the hub's current commit,
with the file list, sizes and sha256 the hub reports. Needs network access to the hub.

    python tools/refresh_catalog.py                 # refresh every entry, rewrite the file
    python tools/refresh_catalog.py --only t5-small --dry-run

Variant files are chosen by the same rule the downloader uses (``engine.store.catalog``), so an
entry lists exactly what ``quire models download`` fetches. Small (non-LFS) files have no sha256 on
the hub; they stay without one and are checked against their git blob id when downloaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from engine.resources import resource_path  # noqa: E402
from engine.store.catalog import (  # noqa: E402
    SEQ2SEQ_TASKS,
    UNPINNED,
    VARIANTS,
    parse_entry,
    select_shared_files,
    select_variant_files,
)


def _file(sibling: Any) -> dict[str, Any]:
    lfs = getattr(sibling, "lfs", None)
    size = lfs.size if lfs is not None else sibling.size
    if not size:
        raise SystemExit(f"the hub reports no size for {sibling.rfilename}")
    out: dict[str, Any] = {"path": sibling.rfilename, "size": int(size)}
    if lfs is not None and lfs.sha256:
        out["sha256"] = str(lfs.sha256)
    return out


def refresh_entry(api: Any, raw: dict[str, Any]) -> dict[str, Any]:
    """The entry with revision, shared files and variants as the hub has them now."""
    info = api.model_info(raw["repo"], revision="main", files_metadata=True)
    siblings = {s.rfilename: s for s in info.siblings or ()}
    seq2seq = raw["task"] in SEQ2SEQ_TASKS
    shared = select_shared_files(siblings)
    for needed in ("config.json", "tokenizer.json"):
        if needed not in shared:
            raise SystemExit(f"{raw['repo']} has no {needed}")
    variants = {}
    for variant in VARIANTS:
        paths = select_variant_files(siblings, variant, seq2seq)
        if paths:
            variants[variant] = [_file(siblings[p]) for p in paths]
    if not variants:
        raise SystemExit(f"{raw['repo']} has no complete ONNX variant")
    card = info.card_data.to_dict() if info.card_data is not None else {}
    license_ = card.get("license")
    if license_ and license_ != raw["license"]:
        print(f"  note: {raw['name']}: hub licence {license_!r}, catalog {raw['license']!r}")
    out = {
        **{k: v for k, v in raw.items() if k != "pinned_from"},  # exact now, from the API
        "revision": info.sha,
        "shared": [_file(siblings[p]) for p in shared],
        "variants": variants,
    }
    if any(p in siblings for p in out.get("generated", {})):
        # The repo ships its own pooling files now; they are downloaded as shared files.
        out["generated"] = {k: v for k, v in out["generated"].items() if k not in siblings}
        if not out["generated"]:
            del out["generated"]
    parse_entry(out)  # the result must pass the schema the app enforces
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=resource_path("catalog.json"))
    parser.add_argument("--only", action="append", help="refresh only this entry (repeatable)")
    parser.add_argument("--endpoint", help="hub endpoint (default: huggingface_hub's)")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)

    from huggingface_hub import HfApi

    api = HfApi(endpoint=args.endpoint)
    doc = json.loads(args.catalog.read_text(encoding="utf-8"))
    models = []
    for raw in doc["models"]:
        if args.only and raw["name"] not in args.only:
            models.append(raw)
            continue
        print(f"{raw['name']}: {raw['repo']}")
        new = refresh_entry(api, raw)
        sizes = {v: sum(f["size"] for f in files) for v, files in new["variants"].items()}
        print(
            f"  {new['revision']}  " + "  ".join(f"{v} {n / 1e6:.1f} MB" for v, n in sizes.items())
        )
        models.append(new)
    doc["models"] = models
    doc["unpinned"] = {
        k: v
        for k, v in (doc.get("unpinned") or {}).items()
        if any(m["name"] == k and m["revision"] == UNPINNED for m in models)
    }
    doc["pinned"] = all(m["revision"] != UNPINNED for m in models)
    if doc["pinned"]:
        doc["note"] = (
            "Curated ONNX models for Quire, pinned to hub commits with sizes and sha256 by "
            "tools/refresh_catalog.py. Re-run it to move to newer revisions."
        )
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if args.dry_run:
        print(text)
    else:
        args.catalog.write_text(text, encoding="utf-8")
        print(f"wrote {args.catalog}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
