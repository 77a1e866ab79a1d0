"""The settings page (:mod:`ui.views.settings.page`) and its sections, one module each."""
