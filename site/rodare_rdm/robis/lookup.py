"""Ask ROBIS whether a publication exists, before RODARE accepts a ``pub_id`` from a client.

HERMES's ``rodare`` target and other legacy API clients send the ROBIS publication id of a
deposit as ``pub_id`` (a string or a number). ROBIS first: RODARE takes it only once ROBIS
has confirmed the publication, so that no record points at a publication that does not exist.

The contract, for callers such as the legacy deposit API:

=============================================  =====================================
what happens                                   ``verify_publication(pub_id)``
=============================================  =====================================
ROBIS answers 200 with the same id             ``True``
ROBIS answers 404 in JSON                      ``False``
``pub_id`` is not a ROBIS id (a positive       ``False``, without asking ROBIS
number: ``27151`` or ``"27151"``; ``True``,
``"Publ-27151"``, ``"12a"``, ``0`` are not)
ROBIS is unreachable, slower than              raises :class:`RobisUnavailable`
``RODARE_ROBIS_LOOKUP_TIMEOUT``, or answers
anything else (5xx, 401, 400, a 404 page
that is not ROBIS's JSON, another id)
=============================================  =====================================

A 404 counts only in JSON: a wrong ``RODARE_ROBIS_LOOKUP_URL`` gives a web server's 404 page
for every id, which must read as an outage, not as "no such publication".

A caller answers ``False`` with a 400 on ``pub_id`` and :class:`RobisUnavailable` with a 503:
an outage must never let an unchecked id through, nor turn it into "unknown".

The request is ``GET <RODARE_ROBIS_LOOKUP_URL>/<id>`` with
``Accept: application/json``; the embedded default's ROBIS (``stack/standins/robis.py``) answers it
as ROBIS does.
"""

import re

import requests
from flask import current_app

NUMBER = re.compile(r"[1-9][0-9]{0,8}")


class RobisUnavailable(Exception):
    """ROBIS could not say whether a publication exists (outage, timeout, odd answer)."""


def robis_id(pub_id):
    """The id as ROBIS writes it (``"27151"``), or None when ``pub_id`` is not one.

    Accepts an ``int`` or a string of digits (surrounding blanks ignored): what HERMES
    sends from ``robis_pub_id``. Booleans are not numbers here, although Python says so.
    """
    if isinstance(pub_id, bool) or not isinstance(pub_id, (int, str)):
        return None
    value = str(pub_id).strip()
    return value if NUMBER.fullmatch(value) else None


def verify_publication(pub_id):
    """True if ROBIS knows the publication ``pub_id``, False if not (see the module's table).

    Raises :class:`RobisUnavailable` when ROBIS cannot tell, so that the caller refuses
    (503) instead of accepting an id nobody checked.
    """
    value = robis_id(pub_id)
    if value is None:
        return False
    config = current_app.config
    url = f'{config["RODARE_ROBIS_LOOKUP_URL"].rstrip("/")}/{value}'
    timeout = config["RODARE_ROBIS_LOOKUP_TIMEOUT"]
    try:
        response = requests.get(url, headers={"Accept": "application/json"}, timeout=(timeout, timeout),
                                allow_redirects=False)
    except requests.RequestException as error:
        raise RobisUnavailable(f"ROBIS did not answer the lookup of {value}: {error}") from error
    if response.status_code == 404 and _is_json(response):
        return False
    if response.status_code != 200:
        raise RobisUnavailable(f"ROBIS answered the lookup of {value} with HTTP {response.status_code}")
    try:
        found = str(response.json().get("id"))
    except (ValueError, AttributeError) as error:
        raise RobisUnavailable(f"ROBIS answered the lookup of {value} with something else than "
                               "a publication") from error
    if found != value:
        raise RobisUnavailable(f"ROBIS answered the lookup of {value} with publication {found}")
    return True


def _is_json(response):
    """Whether an answer is JSON, as ROBIS's API answers (a proxy's error page is not)."""
    return response.headers.get("Content-Type", "").split(";")[0].strip() == "application/json"
