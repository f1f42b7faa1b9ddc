"""Fixtures of the chemicals tests (the chemical reference set is loaded by the root conftest)."""

import pytest


@pytest.fixture
def steward(make_user):
    from npgov.core.roles import Role

    return make_user(Role.DATA_STEWARD, "MEE-BJ", "steward")
