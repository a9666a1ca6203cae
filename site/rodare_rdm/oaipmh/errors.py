"""OAI-PMH protocol errors (section 3.6), raised while answering and returned as HTTP 200."""


class OAIError(Exception):
    """One ``<error code="...">`` answer."""

    code = None

    def __init__(self, message=""):
        """Keep the human-readable message beside the code."""
        super().__init__(message)
        self.message = message


class BadVerb(OAIError):
    """The verb is missing, repeated or not one of the six."""

    code = "badVerb"


class BadArgument(OAIError):
    """An argument is illegal, missing, repeated or has a bad value."""

    code = "badArgument"


class BadResumptionToken(OAIError):
    """The resumption token is invalid or expired."""

    code = "badResumptionToken"


class CannotDisseminateFormat(OAIError):
    """The metadataPrefix is not one this repository offers."""

    code = "cannotDisseminateFormat"


class IdDoesNotExist(OAIError):
    """The identifier is unknown or illegal in this repository."""

    code = "idDoesNotExist"


class NoRecordsMatch(OAIError):
    """The arguments select an empty list."""

    code = "noRecordsMatch"


class NoSetHierarchy(OAIError):
    """The repository has no sets."""

    code = "noSetHierarchy"
