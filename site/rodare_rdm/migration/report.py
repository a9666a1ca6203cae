"""The migration report: what happened to every legacy record, kept as the run goes.

It is also the run's memory: the JSON file is rewritten after each record, so a run that is
interrupted continues where it stopped (``done``), and a second run over an unchanged
record does nothing. Per record::

    {"status": "imported" | "updated" | "unchanged" | "failed" | "planned",
     "concept": "1", "legacy_modified": "...", "files": 2,
     "warnings": ["..."], "unmapped": [{"field", "message", "value"}], "error": "...",
     "indexed": false until the run's final indexing pass has been through its concept}
"""

import json
import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

DONE = ("imported", "updated", "unchanged")


class Report:
    """The report of one migration (read back from ``path`` when it exists)."""

    def __init__(self, path=None):
        """Start a report, or continue the one in ``path``."""
        self.path = Path(path) if path else None
        if self.path and self.path.is_file():
            self.data = json.loads(self.path.read_text())
        else:
            self.data = {"records": {}, "accounts": {}, "communities": []}
        self.data["run"] = {"started": datetime.now(UTC).isoformat()}
        self.counts = Counter()

    def record(self, recid):
        """The entry of one legacy record (made on first use)."""
        return self.data["records"].setdefault(str(recid), {"warnings": [], "unmapped": []})

    def done(self, recid, modified):
        """Whether the record was migrated from this very legacy state already."""
        entry = self.data["records"].get(str(recid)) or {}
        return entry.get("status") in DONE and entry.get("legacy_modified") == modified

    def set(self, recid, status, **values):
        """Record the outcome of one record and save the report."""
        entry = self.record(recid)
        entry.update(values, status=status)
        if status != "failed":
            entry.pop("error", None)
        self.counts[status] += 1
        self.save()

    def indexed(self, concepts):
        """Mark the versions of ``concepts`` as indexed by the final pass, and save."""
        concepts = {str(c) for c in concepts}
        for entry in self.data["records"].values():
            if str(entry.get("concept")) in concepts and "indexed" in entry:
                entry["indexed"] = True
        self.save()

    def save(self):
        """Write the JSON (atomically: an interruption leaves the previous one)."""
        if self.path is None:
            return
        self.data["run"]["counts"] = dict(self.counts)
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True))
        os.replace(tmp, self.path)

    def summary(self):
        """The readable summary: counts of this run, then each record with something to say."""
        records = self.data["records"]
        lines = ["Migration from the old RODARE",
                 "this run: " + (", ".join(f"{n} {s}" for s, n in sorted(self.counts.items()))
                                 or "nothing to do"),
                 "all runs: " + ", ".join(f"{n} {s}" for s, n in sorted(
                     Counter(e.get("status") for e in records.values()).items())),
                 f"accounts: {len(self.data['accounts'])}, communities created: "
                 f"{', '.join(self.data['communities']) or 'none'}"]
        for recid in sorted(records, key=int):
            entry = records[recid]
            notes = [*(f"warning: {w}" for w in entry.get("warnings", [])),
                     *(f"unmapped {u['field']}: {u['message']} ({json.dumps(u.get('value'), ensure_ascii=False)})"
                       for u in entry.get("unmapped", []))]
            if entry.get("error"):
                notes.insert(0, f"FAILED: {entry['error']}")
            if notes:
                lines.append(f"record {recid} ({entry.get('status')}):")
                lines += [f"  {note}" for note in notes]
        return "\n".join(lines) + "\n"
