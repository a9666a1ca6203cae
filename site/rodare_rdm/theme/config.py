"""Defaults of the theme feature (RODARE_THEME_*)."""

RODARE_THEME_ROBIS_URL = "https://www.hzdr.de/robis"
"""ROBIS, HZDR's publication database, where a publication is registered before its data
are uploaded here (linked from the front page's "How to publish")."""

RODARE_THEME_HZDR_URL = "https://www.hzdr.de"
"""HZDR's home page, linked from the footer."""

RODARE_THEME_PAGES = {
    "imprint": "/imprint",
    "privacy": "/privacy",
    "terms": "/terms",
    "data_policy": "/data-policy",
    "contact": "/contact",
    "faq": "/help",
}
"""The footer's pages: endpoint (in the ``invenio_app_rdm`` blueprint) → URL. invenio.cfg
passes them to ``APP_RDM_PAGES`` so each gets a route that serves the page in the visitor's
language; their texts come from ``app_data/pages.yaml`` and are edited in Administration → Pages."""
