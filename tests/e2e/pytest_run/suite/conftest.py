import pytest

pytest_plugins = ["suite_plugin"]


@pytest.fixture
def numbers():
    return [3, 1, 2]
