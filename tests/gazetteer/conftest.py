import pytest

from geo.gazetteer import get_gazetteer


@pytest.fixture(scope="session")
def gaz():
    """The real gazetteer, built once (cache_dir(), honours GEO_CACHE_DIR) and shared."""
    return get_gazetteer()
