"""Template helpers of the HZDR fields."""

from urllib.parse import quote

from flask import current_app


def scicat_url(pid):
    """The SciCat page of a dataset PID (SciCat wants ``/`` encoded as ``%2F``)."""
    return current_app.config["RODARE_HZDR_SCICAT_URL"].format(pid=quote(pid, safe=""))
