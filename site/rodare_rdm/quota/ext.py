"""Flask extension of the quota: its RODARE_QUOTA_* defaults, and upstream's settings from them."""

from ..extension import FeatureExtension
from . import config


class RodareQuota(FeatureExtension):
    """Register the quota defaults and derive upstream's quota settings from them."""

    name = "quota"
    config = config

    def init_feature(self, app):
        """Upstream reads its own names at run time; they follow ours, so one value changes
        the deposit form, the buckets and the refusals (an INVENIO_RODARE_QUOTA_* variable
        is enough on the Docker path)."""
        conf = app.config
        default, largest = conf["RODARE_QUOTA_DEFAULT_SIZE"], conf["RODARE_QUOTA_MAX_FILE_SIZE"]
        conf["RDM_FILES_DEFAULT_QUOTA_SIZE"] = default
        conf["RDM_FILES_DEFAULT_MAX_FILE_SIZE"] = largest
        conf["FILES_REST_DEFAULT_MAX_FILE_SIZE"] = conf["RODARE_QUOTA_LARGEST_REQUEST"]
        conf["RDM_FILES_DEFAULT_MAX_ADDITIONAL_QUOTA_SIZE"] = conf["RODARE_QUOTA_IMMEDIATE_CEILING"]
        conf["APP_RDM_DEPOSIT_FORM_QUOTA"] = {
            **conf.get("APP_RDM_DEPOSIT_FORM_QUOTA", {}), "maxStorage": default}
