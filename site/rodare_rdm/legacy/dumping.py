"""RDM records and drafts as legacy metadata: the way back of ``mapping.to_rdm``."""

from . import bibliographic, descriptive, tables


def _person_out(entry, role=False):
    who = entry.get("person_or_org") or {}
    name = who.get("name") or ", ".join(
        p for p in (who.get("family_name"), who.get("given_name")) if p)
    out = {"name": name}
    affiliations = [a.get("name") for a in entry.get("affiliations") or [] if a.get("name")]
    if affiliations:
        out["affiliation"] = "; ".join(affiliations)
    for identifier in who.get("identifiers") or []:
        if identifier.get("scheme") in ("orcid", "gnd"):
            out[identifier["scheme"]] = identifier["identifier"]
    role_id = (entry.get("role") or {}).get("id")
    if role:
        out["type"] = tables.ROLES.get(role_id, "Other")
    return out


def _type_out(resource_type):
    kind, _dash, subtype = (resource_type or {}).get("id", "").partition("-")
    if not kind:
        return {}
    if kind in tables.SUBTYPED:
        back = {v: k for k, v in tables.SUBTYPED[kind].items()}
        return {"upload_type": kind, f"{kind}_type": back.get(subtype, "other")}
    return {"upload_type": kind}


def to_legacy(data, communities=(), robis_url=tables.ROBIS_URL, funder_doi=lambda funder_id: None):
    """The legacy ``metadata`` of an RDM record or draft (its service dict).

    ``funder_doi(id)`` gives the Crossref funder DOI of an RDM funder (for ``grants``).
    ``communities`` are the identifiers (slugs) to list; the ROBIS id comes back as
    ``pub_id`` and as the ``isIdenticalTo`` link to its ROBIS page HERMES writes.
    """
    metadata = data.get("metadata") or {}
    custom = data.get("custom_fields") or {}
    access = data.get("access") or {}
    out = {**_type_out(metadata.get("resource_type"))}
    for name in ("title", "description", "version", "publication_date"):
        if metadata.get(name):
            out[name] = metadata[name]
    out["creators"] = [_person_out(c) for c in metadata.get("creators") or []]
    if metadata.get("contributors"):
        out["contributors"] = [_person_out(c, role=True) for c in metadata["contributors"]]
    level = custom.get(tables.ACCESS_LEVEL) or ("embargoed" if (access.get("embargo") or {}).get("active")
                                         else "restricted" if access.get("files") == "restricted"
                                         else "open")
    out["access_right"] = level
    if level == "embargoed":
        out["embargo_date"] = (access.get("embargo") or {}).get("until")
    if level == "restricted" and custom.get(tables.ACCESS_CONDITIONS):
        out["access_conditions"] = custom[tables.ACCESS_CONDITIONS]
    rights = [r["id"] for r in metadata.get("rights") or [] if r.get("id")]
    if rights:
        out["license"] = rights[0]
    keywords = [s["subject"] for s in metadata.get("subjects") or [] if not s.get("id")]
    if keywords:
        out["keywords"] = keywords
    extra = {
        "dates": descriptive.dates_out(metadata.get("dates")),
        "language": descriptive.language_out(metadata.get("languages")),
        "references": descriptive.references_out(metadata.get("references")),
        "locations": descriptive.locations_out(metadata.get("locations")),
        **bibliographic.custom_fields_out(custom),
    }
    out.update({k: v for k, v in extra.items() if v})
    related = [{"identifier": r["identifier"], "scheme": r.get("scheme"),
                "relation": tables.RELATIONS.get((r.get("relation_type") or {}).get("id"), "references"),
                **({"resource_type": r["resource_type"]["id"]} if r.get("resource_type") else {})}
               for r in metadata.get("related_identifiers") or []]
    related += [{"identifier": i["identifier"], "scheme": i.get("scheme"),
                 "relation": tables.ALTERNATE} for i in metadata.get("identifiers") or []]
    robis = custom.get("hzdr:robis_id")
    if robis:
        out["pub_id"] = robis
        related.append({"identifier": robis_url.format(id=robis), "scheme": "url",
                        "relation": "isIdenticalTo"})
    if related:
        out["related_identifiers"] = related
    notes = [d["description"] for d in metadata.get("additional_descriptions") or []
             if (d.get("type") or {}).get("id") == tables.NOTES_TYPE]
    if notes:
        out["notes"] = notes[0]
    grants = [_grant_out(f, funder_doi) for f in metadata.get("funding") or []]
    if any(grants):
        out["grants"] = [g for g in grants if g]
    if communities:
        out["communities"] = [{"identifier": c} for c in communities]
    doi = ((data.get("pids") or {}).get("doi") or {}).get("identifier")
    if doi:
        out["doi"] = doi
    return out


def _grant_out(funding, funder_doi):
    number = (funding.get("award") or {}).get("number")
    doi = funder_doi((funding.get("funder") or {}).get("id"))
    return {"id": f"{doi}::{number}"} if doi and number else None
