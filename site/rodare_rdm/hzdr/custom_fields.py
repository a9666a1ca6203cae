"""The ``hzdr`` custom-field namespace: where in HZDR a dataset comes from.

========================== ================================ =====================================
field                      value                            exported as
========================== ================================ =====================================
hzdr:institutes            hzdrinstitutes ids (several)     DataCite contributor (ResearchGroup),
                                                            dc:contributor, schema.org
                                                            sourceOrganization
hzdr:programme             one hzdrresearch id (field,      DataCite subject and Helmholtz
                           PoF IV programme or topic)       funding reference, dc:subject
hzdr:facilities            hzdrfacilities ids (several)     DataCite subject, dc:subject,
                                                            schema.org keywords
hzdr:proposals             beam-time proposal ids           DataCite subject ("HZDR proposal")
hzdr:experiment_period     EDTF date or interval            DataCite date "Collected",
                                                            dc:coverage, schema.org temporalCoverage
hzdr:scicat_datasets       SciCat dataset PIDs              DataCite related identifier (URL,
                                                            References), dc:relation
========================== ================================ =====================================

The vocabularies live in ``app_data/vocabularies/hzdr_*.yaml``; their ``props`` are indexed
so that the facets can group instruments by facility and programmes by research field.
"""

from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.custom_fields import EDTFDateStringCF, KeywordCF
from invenio_vocabularies.services.custom_fields import VocabularyCF
from marshmallow.validate import Length, Regexp

HZDR_NAMESPACE = {"hzdr": None}

INSTITUTES = "hzdr:institutes"
PROGRAMME = "hzdr:programme"
FACILITIES = "hzdr:facilities"
PROPOSALS = "hzdr:proposals"
EXPERIMENT_PERIOD = "hzdr:experiment_period"
SCICAT = "hzdr:scicat_datasets"


class PropsVocabularyCF(VocabularyCF):
    """A vocabulary field whose entries' ``props`` are searchable keywords.

    Upstream indexes only id and title; the facets "Facility" and "Research field" group
    by ``props.facility`` and ``props.research_field`` of the chosen entries.
    """

    def __init__(self, name, vocabulary_id, props=(), **kwargs):
        """Constructor: ``props`` are the keys to index."""
        super().__init__(name, vocabulary_id, **kwargs)
        self.props = tuple(props)

    @property
    def mapping(self):
        """Upstream's mapping plus the chosen props as keywords."""
        mapping = super().mapping
        props = {"type": "object", "dynamic": "false",
                 "properties": {key: {"type": "keyword"} for key in self.props}}
        return {**mapping, "properties": {**mapping["properties"], "props": props}}


_identifier = Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$",
    error=_("A proposal id is 1 to 64 letters, digits and . _ / : - (no spaces), e.g. 20231234."),
)
_scicat_pid = Regexp(
    r"^(?!https?://)\S{1,255}$",
    error=_("Enter the SciCat dataset PID (e.g. 20.500.12345/abc), not its web address."),
)

HZDR_CUSTOM_FIELDS = [
    PropsVocabularyCF(name=INSTITUTES, vocabulary_id="hzdrinstitutes", multiple=True,
                      dump_options=False, props=("acronym", "kind", "community")),
    PropsVocabularyCF(name=PROGRAMME, vocabulary_id="hzdrresearch", multiple=False,
                      dump_options=False, props=("research_field", "level")),
    PropsVocabularyCF(name=FACILITIES, vocabulary_id="hzdrfacilities", multiple=True,
                      dump_options=False, props=("facility", "kind")),
    KeywordCF(name=PROPOSALS, multiple=True, field_args={"validate": _identifier}),
    EDTFDateStringCF(name=EXPERIMENT_PERIOD),
    KeywordCF(name=SCICAT, multiple=True, field_args={"validate": [_scicat_pid, Length(max=255)]}),
]

_json = "application/vnd.inveniordm.v1+json"

HZDR_CUSTOM_FIELDS_UI = {
    "section": _("HZDR"),
    "fields": [
        {
            "field": INSTITUTES,
            "ui_widget": "AutocompleteDropdown",
            "landing_page_search_attr": "id",
            "props": {
                "label": _("Institutes"),
                "icon": "building",
                "description": _("The HZDR institutes or central departments the data comes "
                                 "from. Required for HZDR staff."),
                "placeholder": _("Search by name or acronym, e.g. IIM ..."),
                "autocompleteFrom": "/api/vocabularies/hzdrinstitutes",
                "autocompleteFromAcceptHeader": _json,
                "multiple": True,
                "clearable": True,
                "required": False,
            },
        },
        {
            "field": PROGRAMME,
            "ui_widget": "AutocompleteDropdown",
            "landing_page_search_attr": "id",
            "props": {
                "label": _("Research field, programme or topic"),
                "icon": "sitemap",
                "description": _("Helmholtz research field (Energy, Health, Matter) or the "
                                 "Programme-Oriented Funding (PoF IV) programme or topic the "
                                 "work belongs to."),
                "placeholder": _("Search, e.g. Matter, NUSAFE, DMC ..."),
                "autocompleteFrom": "/api/vocabularies/hzdrresearch",
                "autocompleteFromAcceptHeader": _json,
                "multiple": False,
                "clearable": True,
            },
        },
        {
            "field": FACILITIES,
            "ui_widget": "AutocompleteDropdown",
            "landing_page_search_attr": "id",
            "props": {
                "label": _("Facilities and instruments"),
                "icon": "lightning",
                "description": _("HZDR large-scale facilities or instruments used, e.g. ELBE, "
                                 "HLD, IBC."),
                "placeholder": _("Search, e.g. ELBE ..."),
                "autocompleteFrom": "/api/vocabularies/hzdrfacilities",
                "autocompleteFromAcceptHeader": _json,
                "multiple": True,
                "clearable": True,
            },
        },
        {
            "field": PROPOSALS,
            "ui_widget": "MultiInput",
            "props": {
                "label": _("Beam-time proposals"),
                "icon": "clipboard list",
                "description": _("Ids of the user proposals under which the data was taken. "
                                 "Type an id and press Enter."),
                "placeholder": _("e.g. 20231234"),
            },
        },
        {
            "field": EXPERIMENT_PERIOD,
            "ui_widget": "Input",
            "props": {
                "label": _("Experiment period"),
                "icon": "calendar",
                "description": _("When the data was taken: a date or a period in EDTF, "
                                 "e.g. 2024-03-04/2024-03-08 or 2024-03."),
                "placeholder": _("YYYY-MM-DD/YYYY-MM-DD"),
            },
        },
        {
            "field": SCICAT,
            "ui_widget": "MultiInput",
            "template": "rodare_rdm/hzdr/scicat.html",
            "props": {
                "label": _("SciCat datasets"),
                "icon": "database",
                "description": _("PIDs of the matching datasets in HZDR's SciCat catalogue "
                                 "(scicat.hzdr.de). Type a PID and press Enter."),
                "placeholder": _("e.g. 20.500.12345/abc"),
            },
        },
    ],
}
"""The "HZDR" section of the deposit form and of the landing page's additional details."""
