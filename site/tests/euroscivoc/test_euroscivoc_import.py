"""EuroSciVoc from a downloaded file: the import, the subjects API, the form, the facet."""

import gzip

from flask_babel import refresh

from rodare_rdm.euroscivoc import loader


def test_import_loads_concepts_with_both_languages(loaded, import_euroscivoc, sample):
    """Eight concepts, ids from the notation, titles per language, the broader concepts."""
    assert "euroscivoc: 8 concepts loaded, 0 refused" in loaded.output
    concepts = loader.concepts()
    assert len(concepts) == 8
    laser = concepts["euroscivoc:1005"]
    assert laser["subject"] == "Laser physics"
    assert laser["title"]["en"] == "Laser physics" and laser["title"]["de"] == "Laserphysik"
    assert set(laser["props"]["parents"].split(",")) == {
        "euroscivoc:1001", "euroscivoc:1002", "euroscivoc:1004"}
    assert laser["identifiers"][0]["identifier"].startswith("http://data.europa.eu/8mn/euroscivoc/")

    again = import_euroscivoc(sample)  # a newer file: updated in place, nothing doubled
    assert again.exit_code == 0 and len(loader.concepts()) == 8
    assert "already loaded" in import_euroscivoc("--if-empty").output


def test_gzipped_file(import_euroscivoc, tmp_path, sample):
    """The file as downloaded may be gzipped."""
    path = tmp_path / "EuroSciVoc.rdf.gz"
    path.write_bytes(gzip.compress(sample.read_bytes()))
    result = import_euroscivoc(path)
    assert result.exit_code == 0, result.output
    assert "8 concepts loaded" in result.output


def test_bad_files_get_a_message(import_euroscivoc, tmp_path, app, monkeypatch):
    """Not RDF, missing, or no file configured: a message, no traceback, nothing loaded."""
    html = tmp_path / "download.html"
    html.write_text("<html><body>Please accept the cookies</body>")
    for path, message in ((html, "not RDF/XML"), (tmp_path / "none.rdf", "No such file")):
        result = import_euroscivoc(path)
        assert result.exit_code != 0 and message in result.output
        assert "Traceback" not in result.output
    monkeypatch.setitem(app.config, "RODARE_EUROSCIVOC_FILE", None)
    assert "no file" in import_euroscivoc("--if-empty").output
    monkeypatch.setitem(app.config, "RODARE_EUROSCIVOC_FILE", "EuroSciVoc.rdf")  # not there
    assert "no file" in import_euroscivoc("--if-empty").output
    assert loader.concepts() == {}


def test_configured_file_loads_at_start(import_euroscivoc, app, monkeypatch, sample):
    """What set-up and every start run: the configured file, once."""
    monkeypatch.setitem(app.config, "RODARE_EUROSCIVOC_FILE", str(sample))
    assert "8 concepts loaded" in import_euroscivoc("--if-empty").output
    assert "already loaded" in import_euroscivoc("--if-empty").output


def test_subjects_api_suggests_in_both_languages(loaded, api):
    """The deposit form's autocomplete asks /api/subjects: English and German names find it."""
    for query, lang in (("EuroSciVoc:laser", "en"), ("EuroSciVoc:Laserphysik", "de"),
                        ("Kernphysik", "de")):
        refresh()
        hits = api.get("/api/subjects", query_string={"suggest": query},
                       headers={"Accept-Language": lang}).json["hits"]["hits"]
        assert {"euroscivoc:1005", "euroscivoc:1003"} & {h["id"] for h in hits}, query


def test_deposit_form_offers_the_scheme(loaded, app):
    """"Suggest from" lists EuroSciVoc: the deposit views give the form the subject schemes."""
    from invenio_app_rdm.records_ui.views.deposits import VocabulariesOptions

    with app.test_request_context("/uploads/new"):
        limit_to = VocabulariesOptions().subjects()["limit_to"]
    assert {"text": "EuroSciVoc", "value": "EuroSciVoc"} in limit_to


def test_facet_counts_filters_and_labels(loaded, publish_subjects, api):
    """Records by subject, labelled in English and German; a selected subject filters."""
    publish_subjects("euroscivoc:1005")
    publish_subjects("euroscivoc:1005", "euroscivoc:1003")
    refresh()
    aggs = api.get("/api/records").json["aggregations"]["euroscivoc"]
    counts = {b["key"]: (b["doc_count"], b["label"]) for b in aggs["buckets"]}
    assert counts == {"euroscivoc:1005": (2, "Laser physics"),
                      "euroscivoc:1003": (1, "Nuclear physics")}
    refresh()
    german = api.get("/api/records", headers={"Accept-Language": "de"}).json
    labels = {b["key"]: b["label"] for b in german["aggregations"]["euroscivoc"]["buckets"]}
    assert labels["euroscivoc:1005"] == "Laserphysik"
    refresh()
    filtered = api.get("/api/records", query_string={"euroscivoc": "euroscivoc:1003"}).json
    assert filtered["hits"]["total"] == 1


def test_facet_counts_as_soon_as_loaded(app, api, import_euroscivoc, sample, publish_subjects,
                                        monkeypatch):
    """A process that searched before EuroSciVoc was loaded counts it at once afterwards."""
    monkeypatch.setitem(app.config, "RODARE_SEARCH_FACET_VALUES_TTL", 300)
    refresh()
    assert api.get("/api/records").json["aggregations"]["euroscivoc"]["buckets"] == []
    assert import_euroscivoc(sample).exit_code == 0
    publish_subjects("euroscivoc:1008")
    refresh()
    buckets = api.get("/api/records").json["aggregations"]["euroscivoc"]["buckets"]
    assert [(b["key"], b["doc_count"]) for b in buckets] == [("euroscivoc:1008", 1)]
