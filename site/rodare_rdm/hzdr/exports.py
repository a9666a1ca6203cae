"""The HZDR fields in DataCite, Dublin Core and schema.org (see the table in custom_fields).

Upstream's way to add custom fields to an export: a ``DumperMixin`` whose ``post_dump``
extends the serialized record (``invenio_rdm_records.contrib.journal.processors``). These
dumpers are configured in ``RODARE_EXPORTS_DUMPERS`` and run by the level-aware
serializers of ``rodare_rdm.exports``, so the REST API, the landing page's exports and OAI-PMH
carry the same fields.
"""

from flask_resources.serializers import DumperMixin
from invenio_access.permissions import system_identity
from invenio_pidstore.errors import PIDDoesNotExistError
from invenio_vocabularies.proxies import current_service as vocabularies

from .custom_fields import (
    EXPERIMENT_PERIOD,
    FACILITIES,
    INSTITUTES,
    PROGRAMME,
    PROPOSALS,
    SCICAT,
)
from .ui import scicat_url

HZDR_ROR = "01zy2cs03"
HZDR_NAME = "Helmholtz-Zentrum Dresden-Rossendorf"
HELMHOLTZ_ROR = "0281dp749"
HELMHOLTZ_NAME = "Helmholtz Association of German Research Centres"


def _fields(original):
    return (original or {}).get("custom_fields") or {}


def _entries(value):
    if not value:
        return []
    return value if isinstance(value, list) else [value]


def title(entry):
    """English title of a vocabulary entry as stored on the record (its id if not resolved)."""
    titles = entry.get("title") or {}
    return titles.get("en") or next(iter(titles.values()), None) or entry.get("id", "")


def _props(entry, type_):
    """The entry's props: in a record from the index they are there; the REST JSON has
    only id and title, so they are read from the vocabulary."""
    if "props" in entry:
        return entry["props"] or {}
    try:
        return vocabularies.read(system_identity, (type_, entry["id"])).to_dict().get("props") or {}
    except PIDDoesNotExistError:
        return {}


def _period(cf):
    """The experiment period as entered: the index holds ``{"date": ..., "date_range": ...}``
    (upstream's EDTF field dumps it so), the REST JSON the string."""
    value = cf.get(EXPERIMENT_PERIOD)
    return value.get("date") if isinstance(value, dict) else value


def _ror_uri(ror):
    return f"https://ror.org/{ror}"


def _append(data, key, items):
    if items:
        data[key] = [*(data.get(key) or []), *items]


def _research_field(programme):
    """The research field ("Matter") of a programme, from its props."""
    field = _props(programme, "hzdrresearch").get("research_field")
    return field.capitalize() if field else None


class HzdrDataCiteDumper(DumperMixin):
    """DataCite: institutes as contributors, programme as subject and Helmholtz funding,
    facilities and proposals as subjects, the experiment period as "Collected" date and
    SciCat datasets as related identifiers."""

    def post_dump(self, data, original=None, **kwargs):
        """Extend upstream's DataCite JSON."""
        cf = _fields(original)
        _append(data, "contributors", [self._institute(e) for e in _entries(cf.get(INSTITUTES))])
        subjects = []
        programme = cf.get(PROGRAMME)
        if programme:
            field = _research_field(programme)
            if field:
                subjects.append({"subject": field, "subjectScheme": "Helmholtz research fields"})
            if _props(programme, "hzdrresearch").get("level") != "field":
                subjects.append({"subject": title(programme), "subjectScheme": "Helmholtz PoF IV"})
                _append(data, "fundingReferences", [{
                    "funderName": HELMHOLTZ_NAME,
                    "funderIdentifier": _ror_uri(HELMHOLTZ_ROR),
                    "funderIdentifierType": "ROR",
                    "awardTitle": f"PoF IV: {title(programme)}",
                }])
        subjects += [{"subject": title(e), "subjectScheme": "HZDR facilities"}
                     for e in _entries(cf.get(FACILITIES))]
        subjects += [{"subject": p, "subjectScheme": "HZDR beam-time proposals"}
                     for p in _entries(cf.get(PROPOSALS))]
        _append(data, "subjects", subjects)
        if _period(cf):
            _append(data, "dates", [{"date": _period(cf), "dateType": "Collected"}])
        _append(data, "relatedIdentifiers", [
            {"relatedIdentifier": scicat_url(pid), "relatedIdentifierType": "URL",
             "relationType": "References"}
            for pid in _entries(cf.get(SCICAT))
        ])
        return data

    @staticmethod
    def _institute(entry):
        contributor = {
            "name": title(entry),
            "nameType": "Organizational",
            "contributorType": "ResearchGroup",
            "affiliation": [{"name": HZDR_NAME, "affiliationIdentifier": _ror_uri(HZDR_ROR),
                             "affiliationIdentifierScheme": "ROR", "schemeUri": "https://ror.org/"}],
        }
        ror = _props(entry, "hzdrinstitutes").get("ror")
        if ror:
            contributor["nameIdentifiers"] = [{"nameIdentifier": _ror_uri(ror),
                                               "nameIdentifierScheme": "ROR",
                                               "schemeUri": "https://ror.org/"}]
        return contributor


class HzdrDublinCoreDumper(DumperMixin):
    """Dublin Core: institutes as contributors; programme, facilities and proposals as
    subjects; the experiment period as coverage; SciCat pages as relations."""

    def post_dump(self, data, original=None, **kwargs):
        """Extend upstream's Dublin Core dict (simpledc keys)."""
        cf = _fields(original)
        _append(data, "contributors", [f"{title(e)} ({HZDR_NAME})" for e in _entries(cf.get(INSTITUTES))])
        programme = cf.get(PROGRAMME)
        _append(data, "subjects", [
            *([title(programme)] if programme else []),
            *(title(e) for e in _entries(cf.get(FACILITIES))),
            *(f"HZDR proposal {p}" for p in _entries(cf.get(PROPOSALS))),
        ])
        if _period(cf):
            _append(data, "coverage", [_period(cf)])
        _append(data, "relations", [scicat_url(pid) for pid in _entries(cf.get(SCICAT))])
        return data


class HzdrSchemaorgDumper(DumperMixin):
    """schema.org: institutes as ``sourceOrganization``, programme and facilities as keywords,
    the experiment period as ``temporalCoverage``, SciCat pages as ``isBasedOn``."""

    def post_dump(self, data, original=None, **kwargs):
        """Extend upstream's JSON-LD."""
        cf = _fields(original)
        institutes = _entries(cf.get(INSTITUTES))
        if institutes:
            data["sourceOrganization"] = [
                {"@type": "Organization", "name": title(e),
                 "parentOrganization": {"@type": "Organization", "name": HZDR_NAME,
                                        "@id": _ror_uri(HZDR_ROR)}}
                for e in institutes
            ]
        programme = cf.get(PROGRAMME)
        words = [*([title(programme)] if programme else []),
                 *(title(e) for e in _entries(cf.get(FACILITIES)))]
        if words:
            data["keywords"] = ", ".join(filter(None, [data.get("keywords"), *words]))
        if _period(cf):
            data["temporalCoverage"] = _period(cf)
        scicat = [scicat_url(pid) for pid in _entries(cf.get(SCICAT))]
        if scicat:
            data["isBasedOn"] = scicat
        return data
