"""Settings for the test suite: the real settings, with fast password hashing."""

import os

os.environ.setdefault("ACOLLIDA_TESTING", "true")
os.environ.setdefault("ACOLLIDA_SKIP_2FA", "false")

from acollida.settings import *  # noqa: F403
