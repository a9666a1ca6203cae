"""Permission generators that read the explicit access level."""

from invenio_records_permissions.generators import ConditionalGenerator
from invenio_search.engine import dsl

from .levels import LEVEL_FIELD, level_of


class IfAccessLevel(ConditionalGenerator):
    """``then_`` for records at one of ``levels``, ``else_`` for all others.

    The condition reads the record it is given (draft or record); ``query_filter`` asks
    the index the same question, so search agrees with the landing page.
    """

    def __init__(self, levels, then_, else_):
        """Levels as a tuple of level names."""
        self.levels = tuple(levels)
        super().__init__(then_, else_)

    def _condition(self, record=None, **kwargs):
        """Whether the record's level is one of ours (no record: not)."""
        return record is not None and level_of(record) in self.levels

    def query_filter(self, **kwargs):
        """The same decision, as a search filter."""
        q_level = dsl.Q("terms", **{f"custom_fields.{LEVEL_FIELD}": list(self.levels)})
        then_query = self._make_query(self.then_, **kwargs)
        else_query = self._make_query(self.else_, **kwargs)
        then_part = q_level & then_query if then_query else q_level
        else_part = ~q_level & else_query if else_query else ~q_level
        return then_part | else_part
