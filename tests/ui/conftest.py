import os

import pytest

# Qt draws into memory: UI tests run the same on a desktop, a server and in CI.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(scope="session", autouse=True)
def _english(qapp):
    """As the app does at start: English plural forms come from the English translation."""
    from ui import i18n

    i18n.install(qapp, "en")


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path_factory, qapp):
    """Remembered window state and choices go to a temporary folder, not the user's."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qsettings"))
    qapp.setOrganizationName("ShopCircleTests")
    qapp.setApplicationName("ShopCircleTests")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    yield
