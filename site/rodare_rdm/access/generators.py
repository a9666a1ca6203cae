"""Permission generators that read the explicit access level."""

from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_records_permissions.generators import ConditionalGenerator
from invenio_search.engine import dsl

from .levels import LEVEL_FIELD, level_of, stricter


def _published_level(draft):
    """The level of what a draft would replace: its published self or the latest version.

    Read from the database row, so a draft's pending change never decides for it.
    """
    records = records_service.record_cls
    if draft.is_published:
        record_id = draft.id
    else:
        record_id = records.get_latest_by_parent(draft.parent, id_only=True)
    if record_id is None:
        return None
    model = records.model_cls.query.filter_by(id=record_id).one_or_none()
    return level_of(model.data) if model is not None and model.data else None


def deciding_level(record):
    """The level that decides who may act on ``record``.

    A record's own. A draft of a published record (an edit or a new version) takes the
    stricter of its own and the published one's: loosening a closed record in a draft
    opens nothing until it is published, and files copied from a closed version stay closed.
    """
    level = level_of(record)
    if getattr(record, "is_draft", False):
        published = _published_level(record)
        if published is not None:
            level = stricter(level, published)
    return level


class IfAccessLevel(ConditionalGenerator):
    """``then_`` for records at one of ``levels``, ``else_`` for all others.

    The condition reads the record it is given (for drafts: ``deciding_level``);
    ``query_filter`` asks the index the same question about the indexed document, so search
    agrees with the landing page.
    """

    def __init__(self, levels, then_, else_):
        """Levels as a tuple of level names."""
        self.levels = tuple(levels)
        super().__init__(then_, else_)

    def _condition(self, record=None, permission_policy=None, **kwargs):
        """Whether the record's level is one of ours (no record: not).

        The level is read once per permission check: one check evaluates this condition
        many times (needs and excludes of every action its ``SameAs`` generators defer to,
        some 60 times per imported record), and for a draft each reading costs two queries.
        It is kept on the policy object, which exists for this one check, so a later check
        reads the database again."""
        if record is None:
            return False
        if permission_policy is None:
            return deciding_level(record) in self.levels
        levels = permission_policy.__dict__.setdefault("_rodare_deciding_levels", {})
        key = id(record)
        if key not in levels:
            levels[key] = (record, deciding_level(record))  # the record kept: its id stays its own
        return levels[key][1] in self.levels

    def query_filter(self, **kwargs):
        """The same decision, as a search filter."""
        q_level = dsl.Q("terms", **{f"custom_fields.{LEVEL_FIELD}": list(self.levels)})
        then_query = self._make_query(self.then_, **kwargs)
        else_query = self._make_query(self.else_, **kwargs)
        then_part = q_level & then_query if then_query else q_level
        else_part = ~q_level & else_query if else_query else ~q_level
        return then_part | else_part
