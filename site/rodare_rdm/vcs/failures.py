"""Why a release failed, in the words the owner and the administrators read (the project's
page, the administration page; upstream's task stores ``str(error)``).

================================ ============================ ===============================
what went wrong                  the error                    then
================================ ============================ ===============================
the provider no longer has the   :class:`RepositoryGone`      failed, not retried; nothing made
project (deleted, access gone)
the archive answers 401/403/     :class:`ArchiveGone`         failed, not retried; nothing made
404/410 (tag or project gone)                                 (the draft goes with the rollback)
the archive answers 5xx, or no   :class:`ArchiveUnavailable`  failed for now; upstream's task
connection                                                    retries (6 times, 10 min apart)
================================ ============================ ===============================
"""

from invenio_vcs.errors import CustomVCSReleaseNoRetryError

GONE = (401, 403, 404, 410)
"""What the provider answers for an archive that will not come back by waiting: the tag or
the project was deleted, or RODARE lost access to it."""


def status_of(error):
    """The HTTP status of a provider's error (python-gitlab's, requests'), or None."""
    status = getattr(error, "response_code", None)
    response = getattr(error, "response", None)
    return status or getattr(response, "status_code", None)


class ArchiveGone(CustomVCSReleaseNoRetryError):
    """The release archive is gone for good (not retried): nothing was made."""

    def __init__(self, status):
        """``status``: the provider's answer."""
        self.message = (f"Nothing made: the release archive could not be downloaded (the "
                        f"repository answered {status}): the tag or the project has been "
                        "deleted, or RODARE's access to it removed. Push the tag again once "
                        "the project is back.")
        super().__init__(message=self.message)

    def __str__(self):
        """The message (upstream's task stores ``str(error)``)."""
        return self.message


class RepositoryGone(CustomVCSReleaseNoRetryError):
    """The provider no longer knows the project (deleted, or RODARE's access removed)."""

    def __init__(self):
        """The message the owner and the administrators see."""
        self.message = ("Nothing made: the repository no longer has this project (it was "
                        "deleted, or RODARE's access to it removed).")
        super().__init__(message=self.message)

    def __str__(self):
        """The message (upstream's task stores ``str(error)``)."""
        return self.message


class ArchiveUnavailable(Exception):
    """The archive could not be downloaded for now (5xx, no connection): upstream's task tries
    again (``process_release``: up to 6 times, 10 minutes apart); nothing was made."""

    def __init__(self, error):
        """``error``: what the download raised."""
        super().__init__(f"Nothing made yet: the release archive could not be downloaded "
                         f"({status_of(error) or type(error).__name__}); RODARE tries again.")
