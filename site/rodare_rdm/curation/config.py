"""Defaults of the curation checks (RODARE_CURATION_*), copied by the extension with setdefault."""

RODARE_CURATION_PRESETS = {
    "institute": [
        {
            "check": "metadata",
            "severity": "error",
            "params": {"rules": [
                {
                    "id": "hzdr-institute",
                    "title": {"en": "HZDR institute", "de": "HZDR-Institut"},
                    "message": {"en": "Name the HZDR institute the data come from.",
                                "de": "Geben Sie das HZDR-Institut an, aus dem die Daten stammen."},
                    "description": {
                        "en": "Institute communities collect the data of HZDR's institutes: "
                              "the record names at least one (HZDR section of the form).",
                        "de": "Institutscommunities sammeln die Daten der HZDR-Institute: "
                              "der Datensatz nennt mindestens eines (Abschnitt HZDR des Formulars)."},
                    "level": "error",
                    "error_path": "custom_fields.hzdr:institutes",
                    "checks": [{"type": "list", "operator": "exists",
                                "path": "custom_fields.hzdr:institutes"}],
                },
                {
                    "id": "licence",
                    "title": {"en": "Licence", "de": "Lizenz"},
                    "message": {"en": "Choose a licence for the data.",
                                "de": "Wählen Sie eine Lizenz für die Daten."},
                    "description": {
                        "en": "Without a licence nobody may reuse the data.",
                        "de": "Ohne Lizenz darf niemand die Daten nachnutzen."},
                    "level": "error",
                    "error_path": "metadata.rights",
                    "checks": [{"type": "list", "operator": "exists", "path": "metadata.rights"}],
                },
            ]},
        },
        {"check": "open_formats", "severity": "info", "params": {}},
    ],
    "research_field": [
        {"check": "open_formats", "severity": "info", "params": {}},
    ],
}
"""The checks each kind of community that RODARE creates (``invenio rodare-hzdr reload``) gets
once, when it has none: ``institute`` for the institutes' subcommunities, ``research_field`` for
the Helmholtz research fields' communities. Each entry is what a curator sends to
``PUT /api/communities/<slug>/checks`` (docs/curation.md): a check type of invenio-checks
(``metadata``; ``open_formats``, RODARE's bilingual form of ``file_formats``), its severity
(``info``: a recommendation the request page marks as a warning; ``error``: stops the
submission and the publication; ``warning`` is shown like a success by upstream's page) and its parameters. ``invenio rodare-curation preset`` applies
them; curators' changes are never overwritten."""
