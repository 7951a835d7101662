from tests.revival.fixtures import *  # noqa: F401,F403
