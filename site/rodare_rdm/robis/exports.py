"""The ROBIS id in DataCite and Dublin Core: the ROBIS page is the same publication."""

from flask_resources.serializers import DumperMixin

from .ids import ROBIS_ID, publication_url


def _robis_id(original):
    return ((original or {}).get("custom_fields") or {}).get(ROBIS_ID)


class RobisDataCiteDumper(DumperMixin):
    """A related identifier ``IsIdenticalTo`` the ROBIS page (as HERMES writes it for RODARE)."""

    def post_dump(self, data, original=None, **kwargs):
        """Extend upstream's DataCite JSON."""
        robis_id = _robis_id(original)
        if robis_id:
            data["relatedIdentifiers"] = [*(data.get("relatedIdentifiers") or []), {
                "relatedIdentifier": publication_url(robis_id),
                "relatedIdentifierType": "URL", "relationType": "IsIdenticalTo"}]
        return data


class RobisDublinCoreDumper(DumperMixin):
    """The ROBIS page as ``dc:relation``."""

    def post_dump(self, data, original=None, **kwargs):
        """Extend upstream's Dublin Core dict."""
        robis_id = _robis_id(original)
        if robis_id:
            data["relations"] = [*(data.get("relations") or []), publication_url(robis_id)]
        return data
