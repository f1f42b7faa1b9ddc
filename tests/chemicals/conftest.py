"""Fixtures of the chemicals tests: the platform's chemical reference data, loaded once.

The reference set is loaded outside any test's transaction at the first use, so every
chemicals test starts from it; each test's own writes are rolled back as usual.
"""

import pytest


@pytest.fixture(scope="session")
def _chemical_reference(django_db_setup, django_db_blocker):
    from npgov.chemicals.services import chemicals_load_reference
    from npgov.core.services import organisations_load_reference

    with django_db_blocker.unblock():
        organisations_load_reference()
        return chemicals_load_reference()


@pytest.fixture
def chem(_chemical_reference, reference):
    """Groups, substances, lists and measures from the project's reference data."""
    return _chemical_reference


@pytest.fixture
def steward(make_user):
    from npgov.core.roles import Role

    return make_user(Role.DATA_STEWARD, "MEE-BJ", "steward")
