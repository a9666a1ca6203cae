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

DATE_TYPES = {
    name.lower(): name for name in (
        "Accepted", "Available", "Collected", "Copyrighted", "Created", "Issued", "Other",
        "Submitted", "Updated", "Valid", "Withdrawn",
    )
}
"""RDM date type id → the legacy (DataCite) spelling; legacy Zenodo offered Collected, Valid
and Withdrawn."""

BIBLIOGRAPHIC_LANGUAGES = {
    "alb": "sqi", "arm": "hye", "baq": "eus", "bur": "mya", "chi": "zho", "cze": "ces",
    "dut": "nld", "fre": "fra", "geo": "kat", "ger": "deu", "gre": "ell", "ice": "isl",
    "mac": "mkd", "mao": "mri", "may": "msa", "per": "fas", "rum": "ron", "slo": "slk",
    "tib": "bod", "wel": "cym",
}
"""ISO 639-2/B codes (which legacy clients sent too) → the ISO 639-3 ids of RDM's languages."""

SUPERVISOR = "supervisor"
"""The contributor role of legacy ``thesis_supervisors``."""

JOURNAL, MEETING, THESIS, IMPRINT = "journal:journal", "meeting:meeting", "thesis:thesis", "imprint:imprint"
"""invenio-rdm-records' custom fields (``contrib``) the bibliographic legacy fields go into."""

BIBLIOGRAPHIC = {
    JOURNAL: {"journal_title": "title", "journal_volume": "volume", "journal_issue": "issue",
              "journal_pages": "pages"},
    MEETING: {"conference_title": "title", "conference_acronym": "acronym",
              "conference_dates": "dates", "conference_place": "place", "conference_url": "url",
              "conference_session": "session", "conference_session_part": "session_part"},
    THESIS: {"thesis_university": "university"},
    IMPRINT: {"partof_title": "title", "partof_pages": "pages", "imprint_isbn": "isbn",
              "imprint_place": "place"},
}
"""Legacy field → key of the custom field's object (``imprint_publisher`` has no home:
``bibliographic.py``)."""
