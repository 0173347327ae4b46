import pytest


@pytest.fixture
def greeting():
    return "hello"


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.name)
