"""The instance boots on the embedded services with this repository's invenio.cfg."""

from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service as service


def test_config_is_the_instance_config(app):
    """invenio.cfg is loaded, not pytest-invenio's bare defaults."""
    assert app.config["THEME_SITENAME"] == "RODARE"
    assert app.config["OAISERVER_ID_PREFIX"] == "rodare.hzdr.de"


def test_publish_and_find_record(running_app, minimal_record, db):
    """A record goes through draft, publish and search on PostgreSQL and the search server."""
    draft = service.create(system_identity, minimal_record)
    record = service.publish(system_identity, draft.id)
    service.indexer.refresh()
    hits = service.search(system_identity, q=f'id:"{record.id}"')
    assert [hit["id"] for hit in hits] == [record.id]
