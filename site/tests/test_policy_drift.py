"""Our policy against upstream's: what we override, and what we rely on upstream to keep.

RodarePermissionPolicy (site/rodare_rdm/permissions.py) overrides the file actions, and
``can_create`` (who may deposit, from the HZDR login's setting). Downloads, previews, IIIF and
the archive are covered by the closed rule only because upstream routes them through
``can_read_files``; if an upgrade changes that, this test fails before a leak ships.
"""

from invenio_rdm_records.services.generators import AccessGrant, SecretLinks
from invenio_rdm_records.services.permissions import RDMRecordPermissionPolicy
from invenio_records_permissions.generators import SameAs

from rodare_rdm.permissions import RodarePermissionPolicy

OVERRIDDEN = {
    "can_read_files", "can_draft_read_files", "can_media_read_files",
    "can_media_get_content_files", "can_draft_media_get_content_files",
    "can_read_closed_files", "can_tighten_access_level", "can_extend_embargo_beyond_maximum",
    "can_curate", "can_preview", "can_view",  # no links or grants at closed
    "can_create",  # RODARE_LOGIN_DEPOSIT (site/rodare_rdm/login/generators.py)
    "can_modify_locked_files",  # after RODARE_FILE_EDIT_DAYS (site/rodare_rdm/file_edit)
}


def _actions(policy):
    return {name for name in dir(policy) if name.startswith("can_")}


def _same_as_targets(generators):
    """Names that a list of generators defers to with SameAs, one level down."""
    found = set()
    for generator in generators:
        if isinstance(generator, SameAs):
            found.add(generator._delegated_permission_name)
        for branch in ("then_", "else_"):
            found |= _same_as_targets(getattr(generator, branch, []) or [])
    return found


def test_only_our_actions_are_overridden():
    """Every other action is upstream's, unchanged."""
    changed = {
        name for name in _actions(RodarePermissionPolicy)
        if getattr(RodarePermissionPolicy, name) is not getattr(RDMRecordPermissionPolicy, name, None)
    }
    assert changed == OVERRIDDEN


def test_upstream_routes_file_content_through_read_files():
    """Downloads (and with them IIIF) defer to can_read_files, which we override."""
    assert "can_read_files" in _same_as_targets(RDMRecordPermissionPolicy.can_get_content_files)


def test_closed_drops_exactly_links_and_grants():
    """Upstream still shares through links and grants where we take them away at closed.

    If an upgrade adds another way of sharing to these actions, this fails: decide whether a
    closed record keeps it.
    """
    for action in ("can_curate", "can_preview", "can_view"):
        upstream = getattr(RDMRecordPermissionPolicy, action)
        (rule,) = getattr(RodarePermissionPolicy, action)
        assert rule.else_ is upstream
        dropped = [g for g in upstream if g not in rule.then_]
        assert {type(g) for g in dropped} == {AccessGrant, SecretLinks}, (action, dropped)
        assert {g.permission if isinstance(g, SecretLinks) else g._permission
                for g in dropped} == {action.split("_")[1].replace("curate", "edit")}
