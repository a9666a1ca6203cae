"""Strict reading of OAI-PMH request arguments (sections 3.1, 3.3.1 and 3.6).

Arguments come from the query string of a GET or the form body of a POST
(``application/x-www-form-urlencoded``, section 3.1.1.2), never both.

=================== ==================== ================================ =================
verb                required             optional                         exclusive
=================== ==================== ================================ =================
GetRecord           identifier,          -                                -
                    metadataPrefix
Identify            -                    -                                -
ListIdentifiers     metadataPrefix       from, until, set                 resumptionToken
ListMetadataFormats -                    identifier                       -
ListRecords         metadataPrefix       from, until, set                 resumptionToken
ListSets            -                    -                                resumptionToken
=================== ==================== ================================ =================

A missing, repeated or unknown verb is ``badVerb``; a repeated, missing or unknown
argument, an argument beside an exclusive one, a bad date or a metadataPrefix or set
outside the schema's syntax is ``badArgument``.
``from`` and ``until`` have one granularity, day (``YYYY-MM-DD``) or second
(``YYYY-MM-DDThh:mm:ssZ``) as far as ``OAISERVER_GRANULARITY`` allows, and both limits are
inclusive: ``until=2024-05-13`` covers that whole day.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app

from .errors import BadArgument, BadVerb

VERBS = {
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "Identify": (set(), set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListSets": (set(), set(), "resumptionToken"),
}
"""verb: (required arguments, optional arguments, exclusive argument)."""

GRANULARITIES = {
    "YYYY-MM-DD": (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d", timedelta(days=1)),
    "YYYY-MM-DDThh:mm:ssZ": (
        re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"),
        "%Y-%m-%dT%H:%M:%SZ",
        timedelta(seconds=1),
    ),
}
"""granularity: (syntax, strptime format, the span one datestamp covers)."""

SYNTAX = {
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+"),
    "set": re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*"),
}
"""The OAI-PMH schema's syntax of metadataPrefix and setSpec: anything else is badArgument."""


@dataclass
class OAIRequest:
    """A request whose arguments passed the protocol's checks."""

    verb: str
    arguments: dict = field(default_factory=dict)
    token: str = None

    @property
    def echo(self):
        """The attributes of the response's ``<request>`` element."""
        return {"verb": self.verb, **self.arguments, **({"resumptionToken": self.token} if self.token else {})}


def allowed_granularities():
    """Day granularity always; second granularity when Identify declares it."""
    if current_app.config["OAISERVER_GRANULARITY"] == "YYYY-MM-DD":
        return ["YYYY-MM-DD"]
    return ["YYYY-MM-DD", "YYYY-MM-DDThh:mm:ssZ"]


def parse_datestamp(name, value):
    """``(datetime, granularity)`` of a ``from``/``until`` value, or badArgument."""
    for granularity in allowed_granularities():
        syntax, pattern, _span = GRANULARITIES[granularity]
        if syntax.fullmatch(value):
            try:
                return datetime.strptime(value, pattern), granularity
            except ValueError:
                break
    raise BadArgument(f"'{name}' is not a valid datestamp: {value!r}.")


def date_range(arguments):
    """Inclusive ``{"gte": ..., "lt": ...}`` bounds of ``from``/``until`` (naive UTC)."""
    parsed = {
        name: parse_datestamp(name, arguments[name])
        for name in ("from", "until")
        if name in arguments
    }
    granularities = {granularity for _value, granularity in parsed.values()}
    if len(granularities) > 1:
        raise BadArgument("'from' and 'until' must have the same granularity.")
    if "from" in parsed and "until" in parsed and parsed["from"][0] > parsed["until"][0]:
        raise BadArgument("'from' must not be later than 'until'.")
    bounds = {}
    if "from" in parsed:
        bounds["gte"] = parsed["from"][0]
    if "until" in parsed:
        until, granularity = parsed["until"]
        bounds["lt"] = until + GRANULARITIES[granularity][2]
    return bounds


def read_request(values):
    """An :class:`OAIRequest` from the request's arguments (a werkzeug MultiDict)."""
    verbs = values.getlist("verb")
    if not verbs:
        raise BadVerb("The request has no verb.")
    if len(verbs) > 1:
        raise BadVerb("The verb is repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise BadVerb(f"{verb!r} is not an OAI-PMH verb.")

    required, optional, exclusive = VERBS[verb]
    arguments = {}
    for name, given in values.lists():
        if name == "verb":
            continue
        if name not in required | optional | {exclusive}:
            raise BadArgument(f"{name!r} is not an argument of {verb}.")
        if len(given) > 1:
            raise BadArgument(f"The argument {name!r} is repeated.")
        if name in SYNTAX and not SYNTAX[name].fullmatch(given[0]):
            raise BadArgument(f"{given[0]!r} is not a valid {name}.")
        arguments[name] = given[0]

    if exclusive and exclusive in arguments:
        if len(arguments) > 1:
            raise BadArgument(f"{exclusive} is an exclusive argument.")
        return OAIRequest(verb, token=arguments[exclusive])

    missing = sorted(required - set(arguments))
    if missing:
        raise BadArgument(f"{verb} needs the argument(s) {', '.join(missing)}.")
    date_range(arguments)  # checked now, so the error comes before any other
    return OAIRequest(verb, arguments)
