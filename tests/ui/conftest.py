import os

# Qt draws into memory: UI tests run the same on a desktop, a server and in CI.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
