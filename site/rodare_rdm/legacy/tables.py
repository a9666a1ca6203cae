"""The legacy vocabularies and their RDM ids: resource types, relations, roles, licences.

=================================== ===========================================
legacy                              RDM (invenio-rdm-records' default vocabularies)
=================================== ===========================================
upload_type ``publication`` +       ``publication-<publication_type>``
publication_type                    (``thesis`` is ``publication-dissertation``)
upload_type ``image`` + image_type  ``image-<image_type>``
any other upload_type               the id of the same name
relation ``isCitedBy`` (camelCase)  ``iscitedby`` (lower case); ``isAlternateIdentifier``
                                    is an alternate identifier, not a relation
contributor ``type`` ``DataCurator`` ``datacurator``
licence ``CC-BY-4.0`` (any case)    ``cc-by-4.0``; Zenodo's old Open Definition ids below
=================================== ===========================================

Pure data, no imports: the migration (issue 22) reads the same tables.
"""

PUBLICATION_TYPES = {
    "annotationcollection": "annotationcollection", "book": "book", "section": "section",
    "conferencepaper": "conferencepaper", "conferenceproceeding": "conferenceproceeding",
    "datamanagementplan": "datamanagementplan", "journal": "journal", "article": "article",
    "patent": "patent", "peerreview": "peerreview", "preprint": "preprint",
    "deliverable": "deliverable", "milestone": "milestone", "proposal": "proposal",
    "report": "report", "softwaredocumentation": "softwaredocumentation",
    "taxonomictreatment": "taxonomictreatment", "technicalnote": "technicalnote",
    "thesis": "dissertation", "workingpaper": "workingpaper", "datapaper": "datapaper",
    "standard": "standard", "studyregistration": "studyregistration", "other": "other",
}
"""Legacy ``publication_type`` → the part after ``publication-`` in the RDM id."""

IMAGE_TYPES = {name: name for name in ("figure", "plot", "drawing", "diagram", "photo", "other")}
"""Legacy ``image_type`` → the part after ``image-``."""

SUBTYPED = {"publication": PUBLICATION_TYPES, "image": IMAGE_TYPES}

PLAIN_TYPES = frozenset({
    "poster", "presentation", "event", "dataset", "video", "audio", "software", "lesson",
    "physicalobject", "other", "model", "workflow",
})
"""Upload types without a subtype (legacy Zenodo's, plus RDM's ``audio``)."""

RELATIONS = {
    name.lower(): name for name in (
        "isCitedBy", "cites", "isSupplementTo", "isSupplementedBy", "isContinuedBy",
        "continues", "isDescribedBy", "describes", "hasMetadata", "isMetadataFor",
        "hasVersion", "isVersionOf", "isNewVersionOf", "isPreviousVersionOf", "isPartOf",
        "hasPart", "isPublishedIn", "isReferencedBy", "references", "isDocumentedBy",
        "documents", "isCompiledBy", "compiles", "isVariantFormOf", "isOriginalFormOf",
        "isIdenticalTo", "isReviewedBy", "reviews", "isDerivedFrom", "isSourceOf",
        "isRequiredBy", "requires", "isObsoletedBy", "obsoletes", "isTranslationOf",
        "hasTranslation", "isCollectedBy", "collects",
    )
}
"""RDM relation id → the legacy (DataCite) spelling."""

ALTERNATE = "isAlternateIdentifier"
RELATION_TYPOS = {"isorignialformof": "isoriginalformof"}
"""A typo legacy Zenodo accepted (zenodo/zenodo#1366)."""

ROLES = {
    name.lower(): name for name in (
        "ContactPerson", "DataCollector", "DataCurator", "DataManager", "Distributor",
        "Editor", "HostingInstitution", "Producer", "ProjectLeader", "ProjectManager",
        "ProjectMember", "RegistrationAgency", "RegistrationAuthority", "RelatedPerson",
        "Researcher", "ResearchGroup", "RightsHolder", "Sponsor", "Supervisor", "Translator",
        "WorkPackageLeader", "Other",
    )
}
"""RDM contributor role id → the legacy (DataCite) ``type``."""

LICENCE_ALIASES = {
    "cc-zero": "cc0-1.0", "cc0": "cc0-1.0", "cc-by": "cc-by-4.0", "cc-by-sa": "cc-by-sa-4.0",
    "cc-by-nc": "cc-by-nc-4.0", "cc-by-nd": "cc-by-nd-4.0", "cc-by-nc-sa": "cc-by-nc-sa-4.0",
    "cc-by-nc-nd": "cc-by-nc-nd-4.0", "other-open": "other-open", "apache2.0": "apache-2.0",
}
"""Old Open Definition ids legacy Zenodo offered → SPDX ids (lower case, as RDM stores them)."""

DEFAULT_LICENCE = {"dataset": "cc0-1.0"}
"""Legacy Zenodo's default licence of open and embargoed uploads: CC0 for datasets, else the
instance's default (RODARE_LEGACY_DEFAULT_LICENSE)."""

ROBIS_URL = "https://www.hzdr.de/publications/Publ-{id}"
"""The ROBIS page of a publication (HERMES relates a release ``isIdenticalTo`` it)."""

ACCESS_LEVEL = "rodare:access_level"
ACCESS_CONDITIONS = "rodare:access_conditions"
"""RODARE's access level and conditions (``rodare_rdm/access/levels.py``)."""

NOTES_TYPE = "other"
"""The description type of legacy ``notes`` (an additional description)."""
