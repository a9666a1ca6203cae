"""A community's checks as one document, and back into invenio-checks' configurations.

invenio-checks keeps one ``CheckConfig`` row per check of a community and offers no way to
edit them (v14 has neither REST nor administration views for them). Curators send RODARE the
whole list instead (``PUT /api/communities/<slug>/checks``, ``invenio rodare-curation set``):

    [{"check": "metadata", "severity": "error", "enabled": true, "params": {"rules": [...]}},
     {"check": "open_formats", "severity": "info", "params": {}}]

=================== =======================================================================
document            what happens to the community's configurations
=================== =======================================================================
check listed        its configuration is updated (created the first time): one per check type
check not listed    its configuration is disabled, not deleted: past check runs point to it
=================== =======================================================================

Everything is validated before anything is stored, so bad input is a 400 with a message per
field. Rule descriptions are rendered as HTML on the request page (invenio-checks' templates
mark them safe): they are sanitised here, on the way in.
"""

import string

from invenio_checks.models import CheckConfig, Severity
from invenio_checks.proxies import current_checks_registry
from invenio_db import db
from invenio_i18n import lazy_gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from marshmallow_utils.html import sanitize_html, strip_html

SEVERITIES = {"info": Severity.INFO, "warning": Severity.WARN, "error": Severity.FAIL}
"""The severities' names in documents. An ``error`` stops submission and publication; an
``info`` is a recommendation, which the request page marks with a warning icon (upstream's
page shows a ``warning`` like a success)."""

TEXT_KEYS = {"title", "message"}
"""Rule texts shown as plain text (escaped by the templates); stored without markup."""

HTML_KEYS = {"description"}
"""Rule texts the request page renders as HTML: sanitised."""

FILE_FORMATS_KEYS = {"title", "closed_format_message", "closed_format_description"}
"""What the file-formats check reads from its parameters."""


def _clean_text(value, html, path):
    """A text or a ``{language: text}`` dict, without markup (or with sanitised markup)."""
    clean = sanitize_html if html else strip_html
    if isinstance(value, str):
        if len(value) > 2000:
            raise ValidationError(_("At most 2000 characters."), path)
        return clean(value)
    if isinstance(value, dict) and all(isinstance(k, str) and len(k) <= 8 for k in value):
        return {lang: _clean_text(text, html, path) for lang, text in value.items()}
    raise ValidationError(_("A text, or texts by language such as {\"en\": ..., \"de\": ...}."),
                          path)


def _clean_rule(rule, index):
    """One metadata rule with its texts cleaned."""
    if not isinstance(rule, dict):
        raise ValidationError(_("A rule is an object."), f"params.rules.{index}")
    cleaned = dict(rule)
    for key in TEXT_KEYS | HTML_KEYS:
        if key in rule:
            cleaned[key] = _clean_text(rule[key], key in HTML_KEYS, f"params.rules.{index}.{key}")
    return cleaned


def _only_ext_placeholder(text, path):
    """The closed-format message is ``str.format``-ed with ``ext``: nothing else may be asked."""
    for value in (text.values() if isinstance(text, dict) else [text]):
        try:
            names = [name for _, name, spec, conv in string.Formatter().parse(value)
                     if name is not None or spec or conv]
        except ValueError:
            raise ValidationError(_("Unbalanced braces: write {ext} for the file extension."), path)
        if any(name != "ext" for name in names):
            raise ValidationError(_("The only placeholder is {ext}, the file extension."), path)


def _clean_params(check, params):
    """The parameters of one check, validated by its type and with their texts cleaned."""
    if not isinstance(params, dict):
        raise ValidationError(_("The parameters are an object."), "params")
    if check == "metadata":
        rules = params.get("rules")
        if not isinstance(rules, list) or not rules:
            raise ValidationError(_("A metadata check needs a list of rules."), "params.rules")
        cleaned = {**params, "rules": [_clean_rule(rule, i) for i, rule in enumerate(rules)]}
        try:
            current_checks_registry.get(check)().validate_config(cleaned)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            # upstream's parser turns a missing key into a ValueError, a wrong type not at all
            raise ValidationError(_("Not a valid rule: {error}").format(error=error),
                                  "params.rules")
        return cleaned
    if check in ("file_formats", "open_formats"):
        unknown = set(params) - FILE_FORMATS_KEYS
        if unknown:
            raise ValidationError(_("Unknown parameters: {keys}.").format(keys=", ".join(sorted(unknown))),
                                  "params")
        cleaned = {key: _clean_text(value, key.endswith("description"), f"params.{key}")
                   for key, value in params.items()}
        if "closed_format_message" in cleaned:
            _only_ext_placeholder(cleaned["closed_format_message"], "params.closed_format_message")
        return cleaned
    return params


class CheckSchema(Schema):
    """One check of a community."""

    check = fields.String(required=True)
    severity = fields.String(load_default="info", validate=validate.OneOf(list(SEVERITIES)))
    enabled = fields.Boolean(load_default=True)
    params = fields.Dict(load_default=dict)

    @validates_schema
    def _known_check(self, data, **kwargs):
        if data.get("check") not in current_checks_registry.get_all():
            raise ValidationError(
                _("Unknown check; known: {checks}.").format(
                    checks=", ".join(sorted(current_checks_registry.get_all()))),
                "check")


def load(document):
    """The validated, cleaned list of checks; ``ValidationError`` with field paths otherwise."""
    if not isinstance(document, list):
        raise ValidationError(_("Send a list of checks."), "checks")
    checks, errors, seen = [], {}, set()
    for index, item in enumerate(document):
        try:
            check = CheckSchema().load(item)
            if check["check"] in seen:
                raise ValidationError(_("Each check at most once."), "check")
            seen.add(check["check"])
            check["params"] = _clean_params(check["check"], check["params"])
            checks.append(check)
        except ValidationError as error:
            errors[str(index)] = error.normalized_messages()
    if errors:
        raise ValidationError(errors, "checks")
    return checks


def dump(community_id):
    """The community's checks as a document (disabled ones included, marked so)."""
    configs = CheckConfig.query.filter_by(community_id=community_id).order_by(CheckConfig.check_id)
    names = {severity: name for name, severity in SEVERITIES.items()}
    return [{"check": c.check_id, "severity": names[c.severity], "enabled": c.enabled,
             "params": c.params} for c in configs]


def replace(community_id, checks):
    """Store a loaded document as the community's configurations (see the module's table)."""
    existing = {c.check_id: c for c in CheckConfig.query.filter_by(community_id=community_id)}
    for check in checks:
        config = existing.pop(check["check"], None) or CheckConfig(
            community_id=community_id, check_id=check["check"])
        config.params = check["params"]
        config.severity = SEVERITIES[check["severity"]]
        config.enabled = check["enabled"]
        db.session.add(config)
    for config in existing.values():
        config.enabled = False
    db.session.commit()


def has_checks(community_id):
    """Whether the community has any configuration, enabled or not (then presets stay out)."""
    return db.session.query(
        CheckConfig.query.filter_by(community_id=community_id).exists()).scalar()
