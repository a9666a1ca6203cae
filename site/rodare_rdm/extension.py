"""The Flask extension every RODARE feature is: its defaults, its helpers, its name.

Each feature's ``ext.py`` subclasses :class:`FeatureExtension` and says what is its own:

    class RodareHzdr(FeatureExtension):
        name = "hzdr"  # RODARE_HZDR_* from hzdr/config.py; app.extensions["rodare-hzdr"]
        config = config
        template_filters = {"rodare_scicat_url": scicat_url}

A feature with more to set up (a request hook, a signal) overrides :meth:`init_feature`.
"""


class FeatureExtension:
    """Register a feature's ``RODARE_<NAME>_*`` defaults and template helpers."""

    name = None
    """The feature's name: its settings' prefix and its key in ``app.extensions``."""

    config = None
    """The feature's ``config`` module, whose ``RODARE_<NAME>_*`` values are the defaults."""

    template_filters = {}
    """``{name: function}`` for Jinja filters of the feature's templates."""

    template_globals = {}
    """``{name: function}`` for Jinja globals of the feature's templates."""

    def __init__(self, app=None):
        """Extension initialisation."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialisation."""
        self.init_config(app)
        for name, function in self.template_filters.items():
            app.add_template_filter(function, name)
        for name, function in self.template_globals.items():
            app.add_template_global(function, name)
        self.init_feature(app)
        app.extensions[f"rodare-{self.name}"] = self

    def init_config(self, app):
        """The feature's defaults, below whatever the configuration sets."""
        prefix = f"RODARE_{self.name.upper()}_"
        for key in dir(self.config):
            if key.startswith(prefix):
                app.config.setdefault(key, getattr(self.config, key))

    def init_feature(self, app):
        """What else the feature sets up on the application (nothing by default)."""
