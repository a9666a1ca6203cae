"""Readers (and the way back) of the legacy fields that describe the work beyond the basics:
``dates``, ``language``, ``subjects``, ``references`` and ``locations``.

Legacy Zenodo's shapes (``legacyjson``) and their homes in RDM's metadata:

=============================================== ===============================================
legacy                                          RDM
=============================================== ===============================================
dates [{start, end, type, description}]         dates [{date, type {id}, description}]: "start/
                                                end" (EDTF), one date when both are equal or only
                                                one is given (upstream refuses open intervals)
language "deu" (ISO 639-3; 639-2/B "ger" too)   languages [{id}] of the ``languages`` vocabulary
subjects [{term, identifier, scheme}]           subjects [{subject}] (free text); the record
                                                schema keeps no identifier on a free-text
                                                subject: refused (API), reported (migration)
references ["text"]                             references [{reference}]
locations [{lat, lon, place, description}]      locations.features [{geometry (Point [lon,
                                                lat]), place, description}]
=============================================== ===============================================

The way back gives a field only when legacy can say all of it (full dates, one language,
points, plain references); otherwise it leaves the field out, and a legacy ``PUT`` without
it keeps it (``mapping.merge``): a deposition read and sent back changes nothing.
"""

from datetime import date

from invenio_i18n import lazy_gettext as _

from . import tables
from .fields import Reader


def _iso(reader, name):
    value = reader.get(name, str)
    try:
        return value and date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        reader.fail(name, _("Not a valid date (YYYY-MM-DD)."))


def dates(reader):
    """``dates`` as RDM dates (EDTF)."""
    result = []
    for index, entry in reader.items("dates"):
        item = Reader(entry, f"{reader.path}.dates.{index}", reader.errors)
        start, end = _iso(item, "start"), _iso(item, "end")
        kind = item.get("type", str, required=True)
        description = item.get("description", str)
        item.refuse_unknown()
        type_id = kind and kind.strip().lower()
        if kind and type_id not in tables.DATE_TYPES:
            item.fail("type", _("Invalid date type."))
            continue
        if not (start or end):
            if "start" not in item.data and "end" not in item.data:
                item.fail("start", _("A date needs a start or an end."))
            continue
        if start and end and end < start:
            item.fail("end", _("The end is before the start."))
            continue
        value = f"{start}/{end}" if start and end and start != end else start or end
        if not type_id:
            continue
        rdm = {"date": value, "type": {"id": type_id}}
        if description:
            rdm["description"] = description.strip()
        result.append(rdm)
    return result


def _full_date(text):
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def dates_out(rdm_dates):
    """RDM dates as legacy ``dates``; None if one is not a full date or a range of two."""
    out = []
    for entry in rdm_dates or []:
        start, _slash, end = entry.get("date", "").partition("/")
        end = end or start
        type_name = tables.DATE_TYPES.get((entry.get("type") or {}).get("id"))
        if not (_full_date(start) and _full_date(end) and type_name):
            return None
        item = {"start": start, "end": end, "type": type_name}
        if entry.get("description"):
            item["description"] = entry["description"]
        out.append(item)
    return out


def language_out(rdm_languages):
    """The one RDM language as legacy ``language``; None for none or several."""
    ids = [lang.get("id") for lang in rdm_languages or []]
    return ids[0] if len(ids) == 1 else None


def references_out(rdm_references):
    """RDM references as legacy ``references``; None if one has an identifier."""
    if any(set(r) - {"reference"} for r in rdm_references or []):
        return None
    return [r["reference"] for r in rdm_references or []]


def language(reader, resolve_language):
    """``language`` as RDM languages; ``resolve_language(code)`` gives the vocabulary id."""
    code = reader.get("language", str)
    if not code:
        return []
    code = code.strip().lower()
    code = tables.BIBLIOGRAPHIC_LANGUAGES.get(code, code)
    found = resolve_language(code) if len(code) == 3 and code.isalpha() else None
    if not found:
        reader.fail("language", _("Unknown language: use an ISO 639-3 code such as deu."))
        return []
    return [{"id": found}]


def subjects(reader):
    """``subjects`` as free-text RDM subjects: their terms.

    RDM's record schema keeps no identifier on a free-text subject (only a vocabulary entry
    has one), so an ``identifier``/``scheme`` is refused with its field: the deposit API
    answers 400, the migration keeps the term and reports the identifier.
    """
    result = []
    for index, entry in reader.items("subjects"):
        item = Reader(entry, f"{reader.path}.subjects.{index}", reader.errors)
        term = item.get("term", str, required=True)
        for name in ("identifier", "scheme"):
            if item.get(name, str):
                item.fail(name, _("RODARE keeps the term of a subject, not its identifier."))
        item.refuse_unknown()
        if term:
            result.append({"subject": term.strip()})
    return result


def references(reader):
    """``references`` (plain citation strings) as RDM references."""
    return [{"reference": text.strip()} for _i, text in reader.items("references", str) if text.strip()]


def locations(reader):
    """``locations`` as RDM location features (GeoJSON points are [lon, lat])."""
    features = []
    for index, entry in reader.items("locations"):
        item = Reader(entry, f"{reader.path}.locations.{index}", reader.errors)
        lat, lon = _coordinate(item, "lat", 90), _coordinate(item, "lon", 180)
        place = item.get("place", str)
        description = item.get("description", str)
        item.refuse_unknown()
        if (lat is None) != (lon is None):
            item.fail("lat" if lat is None else "lon", _("A point needs both lat and lon."))
            continue
        feature = {}
        if lat is not None:
            feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
        if place:
            feature["place"] = place.strip()
        if description:
            feature["description"] = description.strip()
        if feature:
            features.append(feature)
        elif not any(item.data.get(k) is not None for k in ("lat", "lon", "place", "description")):
            item.fail("place", _("Missing data for required field."))
    return {"features": features} if features else None


def _coordinate(item, name, limit):
    value = item.data.get(name)
    item.seen.add(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -limit <= value <= limit:
        item.fail(name, _("Not a number between -%(limit)s and %(limit)s.", limit=limit))
        return None
    return float(value)


def locations_out(rdm_locations):
    """RDM location features as legacy ``locations``; None if one is more than a point with
    a place and a description."""
    out = []
    for feature in (rdm_locations or {}).get("features") or []:
        geometry = feature.get("geometry")
        if set(feature) - {"geometry", "place", "description"} or (
                geometry and (geometry.get("type") != "Point" or len(geometry.get("coordinates") or []) != 2)):
            return None
        item = {}
        if geometry:
            item["lon"], item["lat"] = geometry["coordinates"]
        for name in ("place", "description"):
            if feature.get(name):
                item[name] = feature[name]
        out.append(item)
    return out
