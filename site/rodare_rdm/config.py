"""RODARE's wiring into InvenioRDM: what each feature adds to which upstream setting.

Loaded through the ``invenio_config.module`` entry point ``rodare_rdm`` (site/pyproject.toml).
invenio-config loads those modules sorted by entry-point name, so this one comes after
invenio-app-rdm's (``invenio_app_rdm``) and overrides it; the instance's ``invenio.cfg`` and
the ``INVENIO_*`` environment come after both. This module holds what makes the instance
RODARE in every deployment; ``invenio.cfg`` holds what differs between deployments (hosts,
URLs, secrets, credentials, sizes, switches). Each feature's own ``RODARE_<FEATURE>_*``
defaults stay in its ``config.py`` (copied by its extension).

Each upstream list or dict is built once, below, from upstream's value and the features'
contributions, in the order its docstring explains:

| setting                                     | features that add to it, in order             |
|---------------------------------------------|-----------------------------------------------|
| RDM_RECORDS_SERVICE_COMPONENTS              | access, robis, embargo, file_edit; upstream's;|
|                                             | embargo, hzdr, doi                            |
| REQUESTS_SERVICE_COMPONENTS                 | markup; upstream's                            |
| REQUESTS_EVENTS_SERVICE_COMPONENTS          | upstream's; portable_search                   |
| RDM_NAMESPACES, RDM_CUSTOM_FIELDS           | access, hzdr, robis, legacy                   |
| RDM_CUSTOM_FIELDS_UI                        | robis, hzdr (one form section)                |
| RDM_FACETS, RDM_SEARCH                      | upstream's with portable_search's and         |
|                                             | access's; hzdr; euroscivoc                    |
| RODARE_EXPORTS_DUMPERS                      | hzdr, robis, doi                              |
| RDM_IMMEDIATE_FILE_MODIFICATION_POLICIES    | file_edit; upstream's                         |
| RDM_*_RECORD_DELETION_*                     | deletion                                      |
| RDM_*_QUOTA_INCREASE_*, RDM_QUOTA_INCREASE_ | quota (the sizes: quota/ext.py from           |
| REQUEST_CLS                                 | RODARE_QUOTA_*)                               |
| APP_RDM_RECORD_LANDING_PAGE_TEMPLATE        | file_edit's, extending access's               |
| serializers, exporters, OAI-PMH formats     | exports, oaipmh, legacy                       |
| BLUEPRINTS_URL_PREFIXES                     | legacy                                        |
| CELERY_BEAT_SCHEDULE                        | upstream's (indexer drain: indexing; stats |
|                                             | steps: statistics); embargo, doi, statistics,|
|                                             | fixity                                        |
| STATS_EVENTS                                | statistics (COUNTER's double-click window)    |
| CHECKS_*, RDM_COMMUNITY_*_REQUEST_CLS       | curation                                      |
| VOCABULARIES_DATASTREAM_READERS             | upstream's; euroscivoc (a downloaded file)    |
| PID providers, record classes               | doi                                           |
| SQLALCHEMY_ENGINE_OPTIONS                   | upstream's with pool_pre_ping, connect_timeout|
| RATELIMIT_SWALLOW_ERRORS, _STORAGE_OPTIONS, | a dead Redis or broker answers 503 fast, a    |
| SEARCH_CLIENT_CONFIG, CELERY_TASK_PUBLISH_* | short broker outage loses no task (maintenance)|
|                                             | ; search answers cached (portable_search)     |
| FILES_REST_STORAGE_FACTORY                  | s3 (by URI) over downloads over fixity        |
| OAUTHCLIENT_(REST_)REMOTE_APPS              | login; vcs (linked GitLab/GitHub accounts)    |
| VCS_PROVIDERS, _RELEASE_CLASS, _TEMPLATE_*  | vcs (the providers: when the app starts)      |

Only upper-case names become settings (``Config.from_object``): features are imported as
modules or under lower-case names, so nothing else leaks into ``app.config``.
"""

from datetime import datetime, timedelta

from celery.schedules import crontab
from flask_resources import ResponseHandler
from invenio_accounts import config as accounts_config
from invenio_app_rdm import config as app_rdm_config
from invenio_i18n import lazy_gettext as _
from invenio_rdm_records import config as rdm_config
from invenio_rdm_records.checks import requests as checks_requests
from invenio_rdm_records.resources.config import record_serializers
from invenio_rdm_records.notifications import vcs as vcs_notifications
from invenio_rdm_records.services.components import DefaultRecordsComponents
from invenio_rdm_records.services.request_policies import QuotaIncreaseAdminPolicy, QuotaIncreasePolicy
from invenio_records_resources.resources.records.headers import etag_headers
from invenio_requests import config as requests_config
from invenio_requests.services import RequestsServiceConfig

from .access import custom_fields as access_fields
from .access import facets as access_facets
from .access.components import AccessLevelComponent
from .deletion.policies import OwnerDeletionPolicy, OwnerDeletionRequestPolicy
from .doi import providers as doi_providers
from .doi.components import VersionLinksComponent
from .doi.records import RodareDraft, RodareRecord
from .embargo.components import EmbargoCapComponent, EmbargoLiftComponent
from .euroscivoc import facets as euroscivoc_facets
from .euroscivoc.readers import FileBytesReader
from .exports import serializers as level_serializers
from .file_edit.components import FileEditWindowComponent
from .file_edit.policies import FileEditWindowPolicy
from .fixity import config as fixity_config
from .hits.schema import RodareRecordSchema
from .hzdr import custom_fields as hzdr_fields
from .hzdr import facets as hzdr_facets
from .hzdr.components import HzdrPolicyComponent
from .legacy import custom_fields as legacy_fields
from .legacy import serializers as legacy_serializers
from .login import oidc as login_oidc
from .markup.components import RequestDescriptionComponent
from .markup.notifications import SanitisingEmailBackend
from .permissions import RodarePermissionPolicy
from .portable_search import facets as search_facets
from .quota.requests import RodareQuotaIncrease
from .portable_search.timeline import ChildPreviewComponent
from .portable_search.transport import CachingTransport
from .portable_search.vocabularies import VocabulariesServiceConfig
from .robis import ids as robis_ids
from .robis.components import RobisGateComponent
from .statistics import config as statistics_config
from .statistics.events import counter_events
from .statistics.schedules import ConfiguredInterval
from .theme import config as theme_config
from .vcs import providers as vcs_providers
from .vcs.components import ReleaseStateComponent
from .vcs.settings import ReleaseSettingsComponent

# The site: languages, front end, security headers
# ================================================
BABEL_DEFAULT_LOCALE = "en"
BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
I18N_LANGUAGES = [("de", _("German"))]
"""English and German: the site package ships the German catalogue (translations/de)."""

WEBPACKEXT_PROJECT = "invenio_assets.webpack:rspack_project"
"""v14 builds the UI with rspack."""

APP_DEFAULT_SECURE_HEADERS = {
    "content_security_policy": {
        "default-src": ["'self'", "data:", "'unsafe-inline'", "blob:"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "worker-src": ["'self'", "blob:"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "content_security_policy_report_only": False,
    "content_security_policy_report_uri": None,
    "force_file_save": False,
    "force_https": True,
    "force_https_permanent": False,
    "frame_options": "sameorigin",
    "frame_options_allow_from": None,
    "session_cookie_http_only": True,
    "session_cookie_secure": True,
    "strict_transport_security": True,
    "strict_transport_security_include_subdomains": True,
    "strict_transport_security_max_age": 31556926,
    "strict_transport_security_preload": False,
}
"""Scripts only from our origin or with the response's nonce (``csp_nonce()`` in templates): no
'unsafe-inline', no 'unsafe-eval'. Which pages were checked and what they need: docs/csp.md.
Over HTTPS only."""

ADMINISTRATION_DISPLAY_VERSIONS = [("invenio-app-rdm", "14.0.5"), ("rodare-rdm", "0.1.0")]

USERPROFILES_EMAIL_ENABLED = False
"""The e-mail address comes from the identity provider: the profile form does not change it
(a changed address could take over a colleague's first sign-in; site/rodare_rdm/login)."""

APP_RDM_DEPOSIT_FORM_DEFAULTS = {
    "publication_date": lambda: datetime.now().strftime("%Y-%m-%d"),
    "rights": [{"id": "cc-by-4.0", "title": "Creative Commons Attribution 4.0 International"}],
    "publisher": "Rodare",
}
APP_RDM_DEPOSIT_FORM_AUTOCOMPLETE_NAMES = "search"
APP_RDM_DEPOSIT_FORM_TEMPLATE = "rodare_rdm/access/deposit.html"
"""Upstream's deposit page with the access levels (access/levels.py) for the form's level field."""

# Theme (theme/): HZDR's look, front page, footer, policy pages
# =============================================================
THEME_SITENAME = "RODARE"
THEME_FRONTPAGE_TITLE = _("Rossendorf Data Repository")
THEME_FRONTPAGE_TEMPLATE = "rodare_rdm/theme/frontpage.html"
THEME_FOOTER_TEMPLATE = "rodare_rdm/theme/footer.html"
COVER_TEMPLATE = "rodare_rdm/theme/page_cover.html"
THEME_JAVASCRIPT_TEMPLATE = "rodare_rdm/theme/javascript.html"
"""InvenioRDM's scripts plus our repairs of upstream widgets' ARIA defects (docs/theme.md)."""
THEME_LOGO = "images/rodare-logo.svg"
THEME_SHOW_FRONTPAGE_INTRO_SECTION = False

APP_RDM_PAGES = {**theme_config.RODARE_THEME_PAGES}
"""Routes for the footer's pages (app_data/pages.yaml), served in the visitor's language."""

PAGES_TEMPLATES = [*app_rdm_config.PAGES_TEMPLATES, ("rodare_rdm/theme/page.html", "RODARE page")]

# Records service: components, custom fields, permissions, record classes
# =======================================================================
RDM_RECORDS_SERVICE_COMPONENTS = [
    # Before upstream's: they read and normalise the payload upstream's components store.
    ReleaseSettingsComponent,  # vcs/: a release's draft takes its project's access level
    AccessLevelComponent,  # access/: the level sets the stock access fields
    RobisGateComponent,  # robis/: no publication without a ROBIS id; keeps the id ROBIS set
    EmbargoCapComponent,  # embargo/: RODARE_EMBARGO_MAX_YEARS on deposits, edits, new versions
    FileEditWindowComponent,  # file_edit/: unlocked files publish within the window only
    *DefaultRecordsComponents,
    # After upstream's: they act on what upstream stored.
    EmbargoLiftComponent,  # embargo/: e-mails the owners when the nightly task lifted an embargo
    HzdrPolicyComponent,  # hzdr/: HZDR's metadata rules
    VersionLinksComponent,  # doi/: a new version also re-sends the previous version's DOI
    ReleaseStateComponent,  # vcs/: a release's draft published by hand: release published
]
"""Upstream's components, with RODARE's before them (they shape the payload upstream's store:
the access level first, then the ROBIS gate before upstream's custom-fields component) and
after them (side effects of what was stored)."""

RDM_NAMESPACES = {**access_fields.RODARE_NAMESPACE, **hzdr_fields.HZDR_NAMESPACE,
                  **legacy_fields.BIBLIOGRAPHIC_NAMESPACES}
"""``rodare:`` (access level and conditions), ``hzdr:`` (HZDR metadata, ROBIS id) and
upstream's ``journal:``, ``meeting:``, ``thesis:``, ``imprint:`` (legacy fields' homes)."""

RDM_CUSTOM_FIELDS = [
    *access_fields.RODARE_ACCESS_CUSTOM_FIELDS,
    *hzdr_fields.HZDR_CUSTOM_FIELDS,
    *robis_ids.ROBIS_CUSTOM_FIELDS,
    *legacy_fields.LEGACY_CUSTOM_FIELDS,  # legacy/: communities a deposition asks for
    *legacy_fields.BIBLIOGRAPHIC_CUSTOM_FIELDS,  # legacy/: upstream's journal, meeting, thesis, imprint
]

RDM_CUSTOM_FIELDS_UI = [
    {**hzdr_fields.HZDR_CUSTOM_FIELDS_UI,
     "fields": [robis_ids.ROBIS_UI_FIELD, *hzdr_fields.HZDR_CUSTOM_FIELDS_UI["fields"]]},
    *legacy_fields.BIBLIOGRAPHIC_CUSTOM_FIELDS_UI,  # legacy/: journal, conference, thesis, imprint
]
"""One deposit-form section, HZDR's: the ROBIS registration first, then the HZDR fields."""

RDM_PERMISSION_POLICY = RodarePermissionPolicy
"""Access levels (closed files) on top of upstream's policy (permissions.py)."""

RDM_RECORD_CLS = RodareRecord
RDM_DRAFT_CLS = RodareDraft
"""Integer ids from one sequence for versions and concepts (RODARE_DOI_RECID_FLOOR)."""

APP_RDM_RECORD_LANDING_PAGE_TEMPLATE = "rodare_rdm/file_edit/detail.html"
"""Upstream's landing page with the access level's box and the embargo dialog
(access/detail.html), and the owners' file window (file_edit/detail.html extends it)."""

# The file window (file_edit/): owners change files for RODARE_FILE_EDIT_DAYS after publishing
# ===========================================================================================
RDM_IMMEDIATE_FILE_MODIFICATION_POLICIES = [
    FileEditWindowPolicy(), *rdm_config.RDM_IMMEDIATE_FILE_MODIFICATION_POLICIES,
]
"""Owners within the window first, then upstream's (administrators, at any time)."""

# Deletion (deletion/): by the owners within RODARE_DELETION_GRACE_DAYS, then by request
# ======================================================================================
RDM_IMMEDIATE_RECORD_DELETION_ENABLED = True
RDM_IMMEDIATE_RECORD_DELETION_POLICIES = [OwnerDeletionPolicy()]
RDM_REQUEST_RECORD_DELETION_ENABLED = True
RDM_REQUEST_RECORD_DELETION_POLICIES = [OwnerDeletionRequestPolicy()]
"""Upstream's deletion dialog and requests: immediate within the grace period, a request to
the administrators afterwards; the tombstone keeps the citation, the DOI stays registered
(doi/) and OAI-PMH lists the record as deleted (oaipmh/)."""

# Quota (quota/): RODARE_QUOTA_DEFAULT_SIZE per record, more at once up to a ceiling, then asked
# ==========================================================================================
RDM_IMMEDIATE_QUOTA_INCREASE_ENABLED = True
RDM_IMMEDIATE_QUOTA_INCREASE_POLICIES = [QuotaIncreasePolicy(), QuotaIncreaseAdminPolicy()]
RDM_QUOTA_INCREASE_REQUEST_CLS = RodareQuotaIncrease
"""Upstream's self-service increase (owners within the additional allowance, administrators
always) and its request type, which e-mails the administrators' decision; beyond the
allowance the form's "Request more space" asks the administrators (quota/views.py). The
sizes (RDM_FILES_DEFAULT_*) follow RODARE_QUOTA_*, set by quota/ext.py at start."""

# Curation checks (curation/): invenio-checks on, per community
# =============================================================
CHECKS_ENABLED = True
"""invenio-checks (stock in v14) runs each community's checks on drafts submitted to it and on
records asked for inclusion; the request page shows their results to the depositor and the
curators. RODARE's communities get presets (RODARE_CURATION_PRESETS), curators change them
through ``/api/communities/<slug>/checks`` (docs/curation.md)."""

RDM_COMMUNITY_SUBMISSION_REQUEST_CLS = checks_requests.CommunitySubmission
RDM_COMMUNITY_INCLUSION_REQUEST_CLS = checks_requests.CommunityInclusion
"""Upstream's community requests with invenio-checks' hooks: run the checks when a draft is
submitted (or a record asked for), drop their runs when the request is cancelled."""

CHECKS_FILE_FORMATS_KNOWN_FORMATS_PATH = "file_formats.yaml"
"""The open and scientific file formats the file-formats check knows (app_data/file_formats.yaml);
a file with any other extension gets the check's message."""

# Requests and notifications (markup/, portable_search/)
# ======================================================
REQUESTS_SERVICE_COMPONENTS = [
    RequestDescriptionComponent, *vars(RequestsServiceConfig)["components"].default,
]
"""Upstream's request components (its default list, in its order), after the one that
sanitises the description that its pages render as HTML."""

REQUESTS_EVENTS_SERVICE_COMPONENTS = [
    *requests_config.REQUESTS_EVENTS_SERVICE_COMPONENTS, ChildPreviewComponent,
]
"""G3: upstream's event components plus the one that sends timeline previews portably."""

NOTIFICATIONS_BACKENDS = {SanitisingEmailBackend.id: SanitisingEmailBackend()}
"""Upstream's e-mail backend, with the HTML body sanitised (its templates do not escape)."""

# Search: facets, requests every search server answers (portable_search/, access/, hzdr/)
# =======================================================================================
RDM_FACETS = {
    **rdm_config.RDM_FACETS,
    # portable_search/ G1/G5, G7: upstream's facets, counted portably
    "publication_date": {**rdm_config.RDM_FACETS["publication_date"],
                         "facet": search_facets.publication_date},
    "resource_type": {**rdm_config.RDM_FACETS["resource_type"],
                      "facet": search_facets.resource_type},
    "file_type": {**rdm_config.RDM_FACETS["file_type"], "facet": search_facets.file_type},
    # access/: the level, in place of upstream's access status (which has no "closed")
    "access_level": {"facet": access_facets.access_level,
                     "ui": {"field": "custom_fields.rodare:access_level"}},
    # hzdr/: institute, facility, research field
    **hzdr_facets.HZDR_FACETS,
    # euroscivoc/: EuroSciVoc subjects, labelled in the visitor's language
    **euroscivoc_facets.EUROSCIVOC_FACETS,
}

RDM_SEARCH = {
    **rdm_config.RDM_SEARCH,
    "facets": [
        *("access_level" if f == "access_status" else f for f in rdm_config.RDM_SEARCH["facets"]),
        *hzdr_facets.HZDR_FACETS,
        *euroscivoc_facets.EUROSCIVOC_FACETS,
    ],
}
"""Upstream's facets with "Access level" where "Access status" was, then HZDR's, then
EuroSciVoc."""

VOCABULARIES_SERVICE_CONFIG = VocabulariesServiceConfig
"""G4: upstream's vocabularies service config, reading whole entries (unfiltered _source)."""

VOCABULARIES_DATASTREAM_READERS = {
    **app_rdm_config.VOCABULARIES_DATASTREAM_READERS, "rodare-file": FileBytesReader,
}
"""euroscivoc/: upstream's readers and one of a downloaded file's bytes, which EuroSciVoc's
RDF reader takes where upstream's HTTP reader would fetch from the EU Publications Office."""

# Exports: REST, landing page, OAI-PMH (exports/, hzdr/, robis/, doi/, oaipmh/)
# =============================================================================
RODARE_EXPORTS_DUMPERS = {
    "datacite": [
        "rodare_rdm.hzdr.exports:HzdrDataCiteDumper",  # HZDR fields
        "rodare_rdm.robis.exports:RobisDataCiteDumper",  # the ROBIS page, IsIdenticalTo
        "rodare_rdm.doi.dumpers:PublisherDataciteDumper",  # HZDR as publisher (ROR)
        "rodare_rdm.doi.dumpers:VersionsDataciteDumper",  # links between versions
        "rodare_rdm.doi.dumpers:ResourceTypeDataciteDumper",  # no Poster/Presentation general type
    ],
    "dublincore": [
        "rodare_rdm.hzdr.exports:HzdrDublinCoreDumper",
        "rodare_rdm.robis.exports:RobisDublinCoreDumper",
    ],
    "schemaorg": ["rodare_rdm.hzdr.exports:HzdrSchemaorgDumper"],
}
"""What each feature adds to the level-aware DataCite, Dublin Core and JSON-LD exports
(exports/serializers.py), in every channel: REST, landing page, OAI-PMH, DOI registration."""

RDM_RECORDS_SERIALIZERS = {
    **record_serializers,
    "application/vnd.datacite.datacite+json": ResponseHandler(
        level_serializers.DataCite45JSONSerializer(), headers=etag_headers),
    "application/vnd.datacite.datacite+xml": ResponseHandler(
        level_serializers.DataCite45XMLSerializer(), headers=etag_headers),
    "application/x-dc+xml": ResponseHandler(
        level_serializers.DublinCoreXMLSerializer(), headers=etag_headers),
    "application/ld+json": ResponseHandler(
        level_serializers.SchemaorgJSONLDLevelSerializer(), headers=etag_headers),
    "application/vnd.inveniordm.v1+json": ResponseHandler(
        level_serializers.UIJSONSerializer(), headers=etag_headers),
    # legacy/: the legacy Zenodo JSON for legacy clients that ask for it, as Zenodo-RDM
    legacy_serializers.MIMETYPE: ResponseHandler(
        legacy_serializers.LegacyRecordJSONSerializer(), headers=etag_headers),
}
"""REST content negotiation: the access level's rights, ``ui.access_status`` from the level;
the legacy JSON (record_id, conceptrecid, metadata.version, links.latest, ...) on request.
InvenioRDM's JSON stays the default (``application/json``)."""

RDM_RECORD_SCHEMA = RodareRecordSchema
"""Upstream's record schema, built once per request instead of once per search hit
(hits/schema.py): the same answer, without 40 % of a search page's serialisation."""

_level_exporters = {
    "datacite-json": "DataCite45JSONSerializer",
    "datacite-xml": "DataCite45XMLSerializer",
    "dublincore": "DublinCoreXMLSerializer",
    "json-ld": "SchemaorgJSONLDLevelSerializer",
    "codemeta": "CodemetaSerializer",
}
APP_RDM_RECORD_EXPORTERS = {
    **app_rdm_config.APP_RDM_RECORD_EXPORTERS,
    **{key: {**app_rdm_config.APP_RDM_RECORD_EXPORTERS[key],
             "serializer": f"rodare_rdm.exports.serializers:{name}"}
       for key, name in _level_exporters.items()},
}
"""The landing page's export menu, with the same level-aware serializers as REST, and CodeMeta
that answers for embargoed records (exports/schemas.py)."""

_oai_formats = app_rdm_config.OAISERVER_METADATA_FORMATS
_marcxml = {
    "schema": "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd",
    "namespace": "http://www.loc.gov/MARC21/slim",
}
OAISERVER_METADATA_FORMATS = {
    **_oai_formats,
    # oaipmh/: Dublin Core with the level's rights
    "oai_dc": {**_oai_formats["oai_dc"], "serializer": "rodare_rdm.oaipmh.formats:dublincore_etree"},
    # oaipmh/: the real root namespaces (MARC21 slim; DCAT-AP is RDF, without an XML schema)
    "marcxml": {**_oai_formats["marcxml"], **_marcxml},
    "marc21": {**_oai_formats["marc21"], **_marcxml},
    "dcat": {
        **_oai_formats["dcat"],
        "schema": "https://www.w3.org/TR/rdf-syntax-grammar/",
        "namespace": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    },
    # oaipmh/: DataCite with the level's rights, and the landing page as identifier when a
    # record has no DOI
    **{key: {**_oai_formats[key], "serializer": f"rodare_rdm.oaipmh.formats:{name}"}
       for key, name in {"datacite": "datacite_etree", "datacite4": "datacite_etree",
                         "oai_datacite": "oai_datacite_etree",
                         "oai_datacite4": "oai_datacite_etree"}.items()},
}

RDM_DATACITE_DUMP_OPENAIRE_ACCESS_RIGHTS = True
"""Upstream's DataCite export states the OpenAIRE access right (ours from the level)."""

# OAI-PMH (oaipmh/): /oai2d as harvesters (OpenAIRE, B2FIND) expect it
# ====================================================================
OAISERVER_REPOSITORY_NAME = "RODARE"

COMMUNITIES_OAI_SETS_PREFIX = "user-"
"""Community sets keep RODARE's legacy names, user-<community slug> (B2FIND: user-rodare)."""

# DOIs (doi/): concept + version DOIs {prefix}/rodare.{id} at DataCite
# ====================================================================
DATACITE_FORMAT = "{prefix}/rodare.{id}"

RDM_PERSISTENT_IDENTIFIER_PROVIDERS = doi_providers.PERSISTENT_IDENTIFIER_PROVIDERS
RDM_PARENT_PERSISTENT_IDENTIFIER_PROVIDERS = doi_providers.PARENT_PERSISTENT_IDENTIFIER_PROVIDERS
RDM_PERSISTENT_IDENTIFIERS = doi_providers.PERSISTENT_IDENTIFIERS
"""The deposit form starts at "No, I need a DOI": RODARE registers one for every record."""

DATACITE_TEST_MODE = False
"""Upstream's test mode would hard-code api.test.datacite.org; our client uses DATACITE_URL."""

# Background tasks (embargo/, doi/)
# =================================
_stats_steps = ("stats-process-events", "stats-aggregate-events", "reindex-stats")
"""Upstream's three hourly statistics steps, which statistics/ runs as one pipeline."""

CELERY_BEAT_SCHEDULE = {
    # upstream's, its nightly embargo lift included, without its statistics steps
    **{k: v for k, v in app_rdm_config.CELERY_BEAT_SCHEDULE.items() if k not in _stats_steps},
    "delete-job-logs": {  # portable_search/: upstream's, without failing before the first job
        **app_rdm_config.CELERY_BEAT_SCHEDULE["delete-job-logs"],
        "task": "rodare_rdm.portable_search.job_logs.delete_old_job_logs",
    },
    "indexer": {  # indexing/: upstream's queue drain, a stale version (409) is not a failure
        **app_rdm_config.CELERY_BEAT_SCHEDULE["indexer"],
        "task": "rodare_rdm.indexing.tasks.manage_indexer_queues",
    },
    "rodare_vcs_waiting_releases": {  # vcs/: releases waiting for ROBIS asked about again
        "task": "rodare_rdm.vcs.tasks.retry_waiting_releases",
        "schedule": timedelta(minutes=15),
    },
    "rodare_embargo_reminders": {
        "task": "rodare_rdm.embargo.tasks.send_embargo_reminders",
        "schedule": crontab(minute=17, hour=6),
    },
    "rodare_doi_retry": {
        "task": "rodare_rdm.doi.tasks.retry_due_dois",
        "schedule": 60,
    },
    "rodare_index_catch_up": {  # indexing/: what a request committed while search was down
        "task": "rodare_rdm.indexing.tasks.catch_up_index",
        "schedule": 300,
    },
    "rodare_broker_drain": {  # broker/: tasks sent to the fallback while the broker was down
        "task": "rodare_rdm.broker.tasks.drain_fallback",
        "schedule": 30,
    },
    "rodare_statistics": {  # statistics/: events, aggregation, records' stats, in order
        "task": "rodare_rdm.statistics.tasks.update_statistics",
        "schedule": ConfiguredInterval("RODARE_STATISTICS_INTERVAL",
                                       statistics_config.RODARE_STATISTICS_INTERVAL),
    },
    "rodare_fixity": {  # fixity/: a batch of checksums, every file within RODARE_FIXITY_PERIOD
        "task": "rodare_rdm.fixity.tasks.verify_batch",
        "schedule": ConfiguredInterval("RODARE_FIXITY_INTERVAL",
                                       fixity_config.RODARE_FIXITY_INTERVAL),
    },
}
"""Upstream's schedule, its bulk-queue drain replaced by ours (indexing/tasks.py), plus an
embargo reminder run a day and the DOI retry every minute (DOIs DataCite could not take are
retried with back-off, RODARE_DOI_RETRY_*), the broker fallback's drain every 30 s
(broker/tasks.py, when RODARE_BROKER_FALLBACK_URL is set), the index's catch-up every 5
minutes (indexing/catch_up.py); upstream's three statistics steps run as one
pipeline every RODARE_STATISTICS_INTERVAL (statistics/tasks.py, docs/statistics.md); a batch of
file checksums every RODARE_FIXITY_INTERVAL (fixity/tasks.py, docs/fixity.md)."""

STATS_EVENTS = counter_events(app_rdm_config.STATS_EVENTS)
"""statistics/: upstream's usage events, double clicks collapsed in COUNTER's 30 s window."""

RDM_STATS_EXCLUDE_PREVIEW_FILE_DOWNLOAD_EVENTS = True
"""statistics/: the landing page's previewer loading a file is no download (docs/statistics.md)."""

# Legacy deposit API (legacy/): the bucket API at /api/files/<bucket>/<key>
# ===========================================================================
BLUEPRINTS_URL_PREFIXES = {"invenio_files_rest": "/files-rest"}
"""invenio-files-rest's own ``/files`` routes (closed to everyone in InvenioRDM) move aside so
that ``/api/files/<bucket>/<key>`` is the legacy bucket API on the draft files service, as
Zenodo-RDM does (invenio-base registers blueprints under these prefixes)."""

# Fixity (fixity/): a file that failed its checksum check is refused on every channel
# ===================================================================================
FILES_REST_STORAGE_FACTORY = "rodare_rdm.s3.storage:storage_factory"
"""By the file's URI, upstream's PyFS storage or invenio-s3's (s3/, docs/storage-s3.md); either
answers 503 "failed its integrity check" instead of the bytes of a file whose last check failed
or that is missing (fixity/, docs/fixity.md). Behind nginx a checked download's bytes from the
local folder are left to nginx (downloads/, docs/docker.md), one on S3 is a redirect to a
presigned URL."""

# Login (login/): HZDR Shibboleth (SAML), Helmholtz AAI and ORCID (OIDC)
# ======================================================================
OAUTHCLIENT_REMOTE_APPS = {**login_oidc.REMOTE_APPS, **vcs_providers.REMOTE_APPS}
"""The login providers, and the GitLab/GitHub accounts a researcher links for software releases
(vcs/: never a way to sign in, hidden while RODARE_VCS_ENABLED is off)."""
OAUTHCLIENT_REST_REMOTE_APPS = vcs_providers.REST_REMOTE_APPS
OAUTHCLIENT_LOGIN_USER_TEMPLATE = "rodare_rdm/login/login_user.html"
ACCOUNTS_REST_AUTH_VIEWS = {**accounts_config.ACCOUNTS_REST_AUTH_VIEWS,
                            "login": "rodare_rdm.login.local:LoginView"}
"""``POST /api/login`` keeps the password login to administrators as the form does
(RODARE_LOGIN_LOCAL)."""

# Software releases (vcs/): invenio-vcs with invenio-rdm-records' release, docs/software-releases.md
# ======================================================================================
VCS_PROVIDERS = []
"""Filled with the active providers when the app starts (vcs/providers.py: configure)."""
VCS_RELEASE_CLASS = "rodare_rdm.vcs.release:RodareVCSRelease"
"""A release becomes a draft or version of the repository's record: upstream's RDM release,
with the ROBIS id the repository names (vcs/release.py)."""
VCS_TEMPLATE_VIEW = "rodare_rdm/vcs/view.html"
"""The project's page: invenio-rdm-records', with the project's ROBIS id (vcs/templates)."""
VCS_TEMPLATE_REPO_SWITCH = "rodare_rdm/vcs/repo_switch.html"
"""A project's switch: invenio-rdm-records', labelled with the project's name (vcs/templates)."""
VCS_TEMPLATE_RELEASE_ITEM = "rodare_rdm/vcs/release_item.html"
"""A release there: invenio-rdm-records', a waiting release shown as *Waiting* (vcs/templates)."""
NOTIFICATIONS_BUILDERS = {
    **app_rdm_config.NOTIFICATIONS_BUILDERS,
    **{builder.type: builder for builder in (
        vcs_notifications.RepositoryReleaseSuccessNotificationBuilder,
        vcs_notifications.RepositoryReleaseFailureNotificationBuilder,
        vcs_notifications.RepositoryReleaseCommunityRequiredNotificationBuilder,
        vcs_notifications.RepositoryReleaseCommunitySubmittedNotificationBuilder)},
}
"""Upstream's, and the release notices upstream's release sends (not in invenio-app-rdm's)."""

# Caching (caching/)
# ==================
ACCESS_CACHE = "rodare_rdm.caching.actions:action_cache"
"""invenio-access's action needs kept a few seconds per process (RODARE_CACHING_ACTIONS_TTL)
in front of Redis, which upstream reads once per permission check."""

# Reliability (docs/reliability.md): a restarted PostgreSQL costs no request and no task
# ======================================================================================
SQLALCHEMY_ENGINE_OPTIONS = {
    **app_rdm_config.SQLALCHEMY_ENGINE_OPTIONS,
    "pool_pre_ping": True,
    "connect_args": {**app_rdm_config.SQLALCHEMY_ENGINE_OPTIONS["connect_args"],
                     "connect_timeout": 5},
}
"""Upstream's engine options (its ``pool_timeout`` of 10 s included), with each pooled
connection tested (``SELECT 1``) when it is taken, and a new connection given up after 5 s
(libpq's ``connect_timeout``): an unreachable server answers the maintenance 503
(maintenance/) in seconds, not after the operating system's TCP timeout of minutes. Without it, after PostgreSQL restarted (a crash the supervisor or Docker repaired),
every process's pooled connections are dead: the next request answers 500 and the next
Celery task fails (tests/faults saw the DOI registration of a publication fail that way)."""

RATELIMIT_SWALLOW_ERRORS = True
"""maintenance/: upstream's rate limiter keeps its counters in Redis; while Redis is down it
lets the request through (logged by Flask-Limiter) instead of answering 500. The request then
answers 503 where it needs Redis itself (sessions, caches), or is served."""

RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
"""maintenance/: the rate limiter's Redis connection gives up in seconds, never hangs. The
other Redis clients (cache, sessions, identities cache) take the same bounds in their URLs'
query (``?socket_connect_timeout=2&socket_timeout=5``: stack/services.py, docker-services.yml)."""

SEARCH_CLIENT_CONFIG = {"timeout": 10, "transport_class": CachingTransport}
"""maintenance/: opensearch-py's default, said here: a search request gives up after 10 s; an
unreachable search server answers 503 (search_ready/) at once. portable_search/: every
request goes through a transport that keeps search answers until the next write
(transport.py)."""

INDEXER_BULK_REQUEST_TIMEOUT = 120
"""indexing/: a bulk request (up to 500 documents, opensearch-py's chunk) may take this long
before the indexer gives up; upstream's 10 s is a search's budget, not a bulk write's. The
embedded search server took more than 10 s for a chunk of 500 records while the machine was
busy, which failed the whole refill at the start of ``./rodare up`` at 5,000 records.
Nobody waits for a bulk request: it runs in the Celery worker or the refill."""

CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 6, "interval_start": 0.5, "interval_step": 1, "interval_max": 2,
}
"""maintenance/: sending a task (a DOI registration, e-mail, indexing after a publish) to a
broker that is down is tried again for about 10 s instead of Celery's 0.6 s: a broker
restarted by the supervisor or Docker takes the task. Beyond that the request answers 503
(maintenance/) and what it committed is caught up by the sweeps (docs/reliability.md)."""

CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 5}
"""maintenance/: a connection to the Redis broker gives up after 5 s (AMQP has
``broker_connection_timeout``, 4 s by default)."""
