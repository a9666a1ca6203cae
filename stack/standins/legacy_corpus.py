"""The fixture corpus of the legacy-RODARE stand-in, and the dump folder it is kept in.

The corpus is made by code, deterministically (same records, bytes and checksums on every
machine), in the shapes legacy RODARE (a Zenodo fork on Invenio 3) gives: the deposition JSON
of ``/api/deposit/depositions/<id>`` (zenodo ``deposit/serializers`` ``legacyjson``) and the
record JSON of ``/api/records/<id>`` (``records/serializers/schemas/json.py``). It covers every
case the migration must handle:

================================== ===================================================
case                               records (``concept`` → versions)
================================== ===================================================
open / restricted / closed         the single-version records, by turn
embargo running / expired          ``embargo_date`` in 2099 / in the past
several versions                   four concepts with 2–4 versions each
a deleted version                  the second version of the first multi-version concept
several communities                ``rodare``, ``fwk``, ``fwi``, ``hzdr-energy``, combined
no files                           every seventh record
large file / many files            one record with a 3 MiB file, one with 30 files
non-ASCII metadata                 German, Polish, Japanese and Greek titles and names
owner with / without an account    the tests create accounts for some of ``USERS`` only
``pub_id`` (ROBIS)                 every fifth record
a field RODARE does not map        ``openaire_type`` on one record
fields with a home in InvenioRDM   ``dates``, ``language``, ``subjects``, ``references``,
                                   ``locations``, ``journal_*``, ``conference_*``,
                                   ``thesis_*``, ``imprint_*``/``partof_*`` (non-ASCII text)
                                   on every tenth record from the third on (``HOMES``)
values RODARE cannot take          a language outside the vocabulary and a malformed date
                                   on one record (``BAD_VALUES``)
================================== ===================================================

The dump folder (``write_dump``; the offline path of the migration reads the same folder)::

    manifest.json              {"format": FORMAT, "site": SITE, "users": [...], "records": [ids]}
    records/<id>.json          {"deposit": {...}, "record": {...} | null (deleted), "stats": {...}}
    files/<id>/<key>           the bytes; the JSON holds their MD5 checksums

Links in the JSON start with ``SITE``; the stand-in serves them under its own address.
"""

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

FORMAT = "rodare-legacy-dump/1"
SITE = "https://rodare.hzdr.de"
PREFIX = "10.14278"

USERS = [
    {"id": 1, "email": "anna.mueller@hzdr.de", "name": "Müller, Anna"},
    {"id": 2, "email": "jan.kowalski@hzdr.de", "name": "Kowalski, Jan"},
    {"id": 3, "email": "yuki.tanaka@hzdr.de", "name": "田中, 勇気"},
    {"id": 4, "email": "eleni.papadopoulou@hzdr.de", "name": "Παπαδοπούλου, Ελένη"},
    {"id": 5, "email": "former.guest@example.org", "name": "Guest, Former"},
    {"id": 6, "email": "peter.schaefer@hzdr.de", "name": "Schäfer, Peter"},
]
"""Legacy accounts; each has one personal token with the deposit scopes."""

TITLES = [
    "Strahlzeit-Daten der ELBE: Neutronenflüsse über drei Kampagnen",
    "Łódź–Dresden comparison of magnetic field sensors",
    "高磁場下の量子臨界性の測定データ",
    "Μετρήσεις φασματοσκοπίας ακτίνων Χ",
    "Simulation input decks for laser-plasma acceleration",
    "Flow measurements in liquid metal columns",
]
UPLOAD_TYPES = [
    {"upload_type": "dataset"}, {"upload_type": "software"},
    {"upload_type": "publication", "publication_type": "article"},
    {"upload_type": "image", "image_type": "figure"}, {"upload_type": "poster"},
    {"upload_type": "presentation"},
]
ACCESS = ["open", "embargoed-running", "restricted", "open", "closed", "embargoed-expired"]
COMMUNITIES = [[], ["rodare"], ["rodare", "fwk"], ["fwi"], ["hzdr-energy", "rodare"]]
LICENCES = ["CC-BY-4.0", "cc0-1.0", "MIT", "cc-by-sa-4.0"]
SINGLE = 52
"""Single-version concepts; with the multi-version ones the corpus has 63 records."""
MULTI = [3, 2, 4, 2]
"""Versions of each multi-version concept."""
LARGE = 3 * 1024 * 1024


def _iso(moment):
    return moment.isoformat()


def _content(recid, key, size):
    """A file's bytes: the same on every machine."""
    line = f"RODARE legacy record {recid}, file {key}\n".encode()
    return (line * (size // len(line) + 1))[:size]


def _files(n, recid):
    if n % 7 == 3:
        return []
    if n == 5:
        return [("beamtime-raw.h5", LARGE)]
    if n == 6:
        return [(f"scan-{k:03d}.csv", 200 + k) for k in range(30)]
    files = [("data.csv", 100 + n * 13 % 900)]
    if n % 2:
        files.append(("README.md", 64 + n))
    return files


HOME_LANGUAGES = ["deu", "pol", "jpn", "ell"]
"""The language of each record with ``HOMES`` (by turn): RODARE's vocabulary has them all."""


def _homes(n):
    """The legacy fields with a home in InvenioRDM, as legacy Zenodo wrote them."""
    return {
        "language": HOME_LANGUAGES[n // 10 % len(HOME_LANGUAGES)],
        "dates": [{"start": f"{2016 + n // 10}-03-01", "end": f"{2016 + n // 10}-08-31", "type": "Collected",
                   "description": f"Messkampagne an der ELBE, Größe {n} µm"}],
        "subjects": [{"term": "Strahlenphysik", "identifier": "https://d-nb.info/gnd/4183475-2",
                      "scheme": "url"}],
        "references": [f"Müller, A.; Kowalski, J.: Neutronenflüsse am ELBE-Beschleuniger. "
                       f"Z. Kernphys. {n} (2019) 101–120."],
        "locations": [{"lat": 51.0626, "lon": 13.9495, "place": "Dresden-Rossendorf, Gebäude 801",
                       "description": "Strahlungsquelle ELBE – Neutronenflugzeit"}],
        "journal_title": "Zeitschrift für Kernphysik – Ergebnisse", "journal_volume": str(n),
        "journal_issue": "3", "journal_pages": "101–120",
        "conference_title": "Frühjahrstagung der DPG, Fachverband Strahlenphysik",
        "conference_acronym": "DPG-FJT", "conference_dates": "11.–15. März 2019",
        "conference_place": "Regensburg", "conference_url": "https://www.dpg-tagungen.de/2019",
        "conference_session": "ST 4", "conference_session_part": "2",
        "thesis_university": "Technische Universität Dresden",
        "thesis_supervisors": [{"name": "Schäfer, Peter", "affiliation": "HZDR"}],
        "imprint_publisher": "Verlag für Größen & Maße", "imprint_isbn": "978-3-16-148410-0",
        "imprint_place": "Köln", "partof_title": "Jahrbuch des Instituts für Strahlenphysik",
        "partof_pages": "7–19",
    }


HOMES = 10, 2
"""Records ``n`` with ``n % HOMES[0] == HOMES[1]`` carry ``_homes(n)``."""

BAD_VALUES = {"language": "tlh", "dates": [{"start": "31.12.2018", "type": "Collected"}]}
"""On record ``n`` 9: Klingon (not in RODARE's languages) and a German-style date."""


def _metadata(n, recid, version, title_suffix, prefix):
    access = ACCESS[n % len(ACCESS)]
    owner = USERS[n % len(USERS)]
    meta = {
        **UPLOAD_TYPES[n % len(UPLOAD_TYPES)],
        "title": f"{TITLES[n % len(TITLES)]} #{n}{title_suffix}",
        "description": f"<p>Record {n}: measurements &amp; analysis, Größe {n} µm.</p>",
        "publication_date": (datetime(2017, 3, 1) + timedelta(days=23 * n)).date().isoformat(),
        "creators": [
            {"name": owner["name"], "affiliation": "Helmholtz-Zentrum Dresden-Rossendorf",
             **({"orcid": "0000-0002-1825-0097"} if n % 3 == 0 else {})},
            {"name": "Rossendorf, Rosa", "affiliation": "HZDR"},
        ],
        "keywords": ["HZDR", f"Schlagwort {n}"],
        "access_right": access.split("-")[0],
        "communities": [{"identifier": c} for c in COMMUNITIES[n % len(COMMUNITIES)]],
        "doi": f"{prefix}/rodare.{recid}",
        "prereserve_doi": {"doi": f"{prefix}/rodare.{recid}", "recid": recid},
    }
    if version:
        meta["version"] = version
    if access in ("open", "embargoed-running", "embargoed-expired"):
        meta["license"] = LICENCES[n % len(LICENCES)]
    if access == "embargoed-running":
        meta["embargo_date"] = "2099-01-01"
    elif access == "embargoed-expired":
        meta["embargo_date"] = (datetime(2018, 1, 1) + timedelta(days=n)).date().isoformat()
    elif access == "restricted":
        meta["access_conditions"] = "Access for project partners on request (<b>NDA</b>)."
    if n % 4 == 1:
        meta["contributors"] = [{"name": "Schäfer, Peter", "type": "DataCurator",
                                 "affiliation": "HZDR"}]
    if n % 5 == 0:
        meta["pub_id"] = str(27000 + n)
    if n % 6 == 2:
        meta["related_identifiers"] = [{"identifier": f"10.1103/PhysRevB.{n}.0001",
                                        "relation": "isSupplementTo", "scheme": "doi"}]
    if n % 8 == 4:
        meta["notes"] = "Measured at the Dresden High Magnetic Field Laboratory."
    if n == 7:
        meta["openaire_type"] = "internal-report"
    if n % HOMES[0] == HOMES[1]:
        meta.update(_homes(n))
    if n == 9:
        meta.update(BAD_VALUES)
    return meta


def _people(n):
    return USERS[n % len(USERS)]["id"]


def _stats(n, recid):
    views = 40 + n * 7 + recid % 11
    downloads = 5 + n * 3
    return {"views": views, "unique_views": views - n % 5, "downloads": downloads,
            "unique_downloads": downloads - n % 3, "volume": downloads * 1000}


def corpus(prefix=PREFIX):
    """Every legacy record: ``{"recid", "conceptrecid", "deposit", "record", "files", "stats"}``.

    ``files`` maps key → bytes; ``record`` is None for a deleted version.
    """
    entries, next_id = [], 1
    start = datetime(2017, 3, 1, 9, 30, tzinfo=timezone.utc)
    plans = [(n, 1) for n in range(SINGLE)] + [(SINGLE + k, v) for k, v in enumerate(MULTI)]
    for n, versions in plans:
        concept = next_id
        next_id += 1
        group = []
        for v in range(versions):
            recid = next_id
            next_id += 1
            created = start + timedelta(days=23 * n + 9 * v, hours=n % 9)
            files = {key: _content(recid, key, size) for key, size in _files(n + v, recid)}
            deleted = versions > 2 and v == 1 and n == SINGLE
            group.append({
                "n": n, "recid": recid, "conceptrecid": concept, "created": created,
                "updated": created + timedelta(days=2), "files": files, "deleted": deleted,
                "owner": _people(n),
                "metadata": _metadata(n, recid, f"v{v + 1}" if versions > 1 else None,
                                      f" (v{v + 1})" if versions > 1 else "", prefix),
                "stats": _stats(n, recid),
            })
        live = [e for e in group if not e["deleted"]]
        for entry in group:
            entries.append(_shape(entry, live, prefix))
    return entries


def _file_json(recid, bucket, key, data, deposit):
    md5 = hashlib.md5(data).hexdigest()
    if deposit:
        return {"id": hashlib.md5(f"{recid}/{key}".encode()).hexdigest(), "filename": key,
                "filesize": len(data), "checksum": md5,
                "links": {"self": f"{SITE}/api/deposit/depositions/{recid}/files/{key}",
                          "download": f"{SITE}/api/files/{bucket}/{key}"}}
    return {"bucket": bucket, "checksum": f"md5:{md5}", "key": key, "size": len(data),
            "type": key.rpartition(".")[2], "links": {"self": f"{SITE}/api/files/{bucket}/{key}"}}


def _shape(entry, live, prefix):
    """The deposition and record JSON of one version."""
    recid, concept = entry["recid"], entry["conceptrecid"]
    bucket = f"{recid:08d}-0000-4000-8000-{concept:012d}"
    doi, conceptdoi = f"{prefix}/rodare.{recid}", f"{prefix}/rodare.{concept}"
    created, updated = _iso(entry["created"]), _iso(entry["updated"])
    meta = entry["metadata"]
    deposit = {
        "id": recid, "record_id": recid, "conceptrecid": str(concept), "doi": doi,
        "conceptdoi": conceptdoi, "doi_url": f"https://doi.org/{doi}", "title": meta["title"],
        "created": created, "modified": updated, "owner": entry["owner"], "state": "done",
        "submitted": True, "metadata": meta,
        "files": [_file_json(recid, bucket, k, d, True) for k, d in entry["files"].items()],
        "links": {"self": f"{SITE}/api/deposit/depositions/{recid}",
                  "html": f"{SITE}/deposit/{recid}", "bucket": f"{SITE}/api/files/{bucket}",
                  "record": f"{SITE}/api/records/{recid}",
                  "record_html": f"{SITE}/record/{recid}", "doi": f"https://doi.org/{doi}",
                  "latest": f"{SITE}/api/records/{live[-1]['recid']}"},
    }
    record = None
    if not entry["deleted"]:
        index = [e["recid"] for e in live].index(recid)
        rmeta = {k: v for k, v in meta.items()
                 if k not in ("upload_type", "publication_type", "image_type", "prereserve_doi",
                              "communities", "license")}
        rmeta.update({
            "resource_type": {"type": meta["upload_type"],
                              **({"subtype": meta[f"{meta['upload_type']}_type"]}
                                 if f"{meta['upload_type']}_type" in meta else {})},
            "access_right_category": {"open": "success", "embargoed": "warning"}.get(
                meta["access_right"], "danger"),
            "communities": [{"id": c["identifier"]} for c in meta["communities"]],
            "relations": {"version": [{
                "index": index, "is_last": index == len(live) - 1, "count": len(live),
                "parent": {"pid_type": "recid", "pid_value": str(concept)},
                "last_child": {"pid_type": "recid", "pid_value": str(live[-1]["recid"])}}]},
        })
        if "license" in meta:
            rmeta["license"] = {"id": meta["license"]}
        record = {
            "id": recid, "conceptrecid": str(concept), "doi": doi, "conceptdoi": conceptdoi,
            "created": created, "updated": updated, "revision": 3, "owners": [entry["owner"]],
            "metadata": rmeta,
            "files": [_file_json(recid, bucket, k, d, False) for k, d in entry["files"].items()],
            "links": {"self": f"{SITE}/api/records/{recid}", "html": f"{SITE}/record/{recid}",
                      "doi": f"https://doi.org/{doi}", "conceptdoi": f"https://doi.org/{conceptdoi}",
                      "bucket": f"{SITE}/api/files/{bucket}",
                      "latest": f"{SITE}/api/records/{live[-1]['recid']}",
                      "latest_html": f"{SITE}/record/{live[-1]['recid']}"},
            "stats": {**{f"version_{k}": v for k, v in entry["stats"].items()},
                      **entry["stats"]},
        }
    return {"recid": recid, "conceptrecid": concept, "deposit": deposit, "record": record,
            "stats": entry["stats"], "files": entry["files"]}


def write_dump(folder, prefix=PREFIX):
    """Write the corpus as a dump folder; returns its manifest."""
    folder = Path(folder)
    (folder / "records").mkdir(parents=True, exist_ok=True)
    entries = corpus(prefix)
    for entry in entries:
        (folder / "records" / f"{entry['recid']}.json").write_text(json.dumps(
            {k: entry[k] for k in ("deposit", "record", "stats")}, ensure_ascii=False, indent=1))
        target = folder / "files" / str(entry["recid"])
        for key, data in entry["files"].items():
            target.mkdir(parents=True, exist_ok=True)
            (target / key).write_bytes(data)
    manifest = {"format": FORMAT, "site": SITE,
                "users": [{**u, "tokens": [{"name": "deposit", "scopes": ["deposit:write", "deposit:actions"],
                                            "token": hashlib.sha256(u["email"].encode()).hexdigest()[:40]}]}
                          for u in USERS],
                "records": [e["recid"] for e in entries]}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def main():
    """``python -m stack.standins.legacy_corpus FOLDER [--prefix P]``: write the dump folder."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--prefix", default=PREFIX)
    args = parser.parse_args()
    manifest = write_dump(args.folder, args.prefix)
    print(f"{len(manifest['records'])} legacy records in {args.folder}")


if __name__ == "__main__":
    main()


def write_bench_dump(folder, records, prefix=PREFIX, offset=1000):
    """A dump of ``records`` single-version records with two small files each (the benchmark's
    5,000 records with 10,000 files); concepts ``offset`` + 1, 3, 5, ..., each version the
    next id (clear of the fixture corpus)."""
    folder = Path(folder)
    (folder / "records").mkdir(parents=True, exist_ok=True)
    start = datetime(2018, 1, 1, tzinfo=timezone.utc)
    ids = []
    for k in range(records):
        concept = offset + 2 * k + 1
        recid = concept + 1
        n = k % SINGLE
        files = {"data.csv": _content(recid, "data.csv", 512), "README.md": _content(recid, "README.md", 128)}
        entry = {"n": n, "recid": recid, "conceptrecid": concept, "created": start + timedelta(hours=k),
                 "updated": start + timedelta(hours=k, days=1), "files": files, "deleted": False,
                 "owner": _people(n), "metadata": _metadata(n, recid, None, f" [{k}]", prefix),
                 "stats": _stats(n, recid)}
        if entry["metadata"].get("access_right") == "embargoed" and entry["metadata"]["embargo_date"] < "2030":
            entry["metadata"]["embargo_date"] = "2099-01-01"
        entry["metadata"].pop("openaire_type", None)
        shaped = _shape(entry, [entry], prefix)
        (folder / "records" / f"{recid}.json").write_text(json.dumps(
            {k2: shaped[k2] for k2 in ("deposit", "record", "stats")}, ensure_ascii=False))
        target = folder / "files" / str(recid)
        target.mkdir(parents=True, exist_ok=True)
        for key, data in files.items():
            (target / key).write_bytes(data)
        ids.append(recid)
    manifest = {"format": FORMAT, "site": SITE, "records": ids,
                "users": [{**u, "tokens": []} for u in USERS]}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    return manifest
