"""Shared fixtures: reference data, users per role, and the guard against skipped required tests."""

import os

import pytest
from hypothesis import settings

from npgov.core.models import Organisation, OrganisationKind
from npgov.core.roles import Role

PASSWORD = "correct horse battery staple"

# Property tests explore new examples on every developer run; CI replays a fixed seed so that a
# red build always names a reproducible example, and "thorough" is for hunting edge cases.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("NPGOV_HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def reference(db):
    """The project's reference data: districts, departments, expert committee, the plan."""
    from npgov.core.services import organisations_load_reference
    from npgov.plan.services import plan_load_reference

    organisations_load_reference()
    plan_load_reference()


@pytest.fixture(scope="session")
def _chemical_reference(django_db_setup, django_db_blocker):
    from npgov.chemicals.services import chemicals_load_reference
    from npgov.core.services import organisations_load_reference

    with django_db_blocker.unblock():
        organisations_load_reference()
        return chemicals_load_reference()


@pytest.fixture
def chem(_chemical_reference, reference):
    """Groups, substances, lists and measures from the project's reference data, loaded once
    per session outside the tests' transactions; each test's own writes are rolled back."""
    return _chemical_reference


@pytest.fixture
def org(reference):
    """Look up a reference organisation by code."""
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def enterprises(reference):
    """Two synthetic enterprises: one in Chaoyang, one in Miyun."""
    from npgov.science.identifiers import uscc_check_character

    def make(code_body: str, district: str, name: str) -> Organisation:
        body = "91" + district + code_body
        return Organisation.objects.create(
            kind=OrganisationKind.ENTERPRISE,
            code=body + uscc_check_character(body),
            name_zh=name,
            district=Organisation.objects.get(code=district),
            longitude=116.48,
            latitude=39.95,
            is_synthetic=True,
        )

    return {
        "chaoyang": make("MA01ABC2X", "110105", "北京甲化工有限公司（示例）"),
        "miyun": make("MA02DEF3Y", "110118", "北京乙制药有限公司（示例）"),
    }


@pytest.fixture
def make_user(reference):
    from npgov.core.services import user_create

    def make(role: Role, org_code: str | None, username: str | None = None):
        organisation = Organisation.objects.get(code=org_code) if org_code else None
        return user_create(
            username=username or f"{role.value}-{org_code}",
            password=PASSWORD,
            organisation=organisation,
            roles=[role],
            full_name=username or role.label,
        )

    return make


@pytest.fixture
def users(make_user, enterprises):
    """One user per role, in the organisations the demo uses."""
    lab = Organisation.objects.create(
        kind=OrganisationKind.LABORATORY,
        code="LAB-T-01",
        name_zh="测试实验室（示例）",
        district=Organisation.objects.get(code="110108"),
        is_synthetic=True,
    )
    return {
        "admin": make_user(Role.SYSTEM_ADMIN, "MEE-BJ", "admin"),
        "analyst": make_user(Role.BUREAU_ANALYST, "MEE-BJ", "analyst"),
        "dept_agri": make_user(Role.DEPARTMENT_OFFICER, "AGR-BJ", "dept_agri"),
        "district_chaoyang": make_user(Role.DISTRICT_OFFICER, "110105", "district_chaoyang"),
        "district_miyun": make_user(Role.DISTRICT_OFFICER, "110118", "district_miyun"),
        "enterprise": make_user(
            Role.ENTERPRISE_REPORTER, enterprises["chaoyang"].code, "enterprise"
        ),
        "lab": make_user(Role.LAB_UPLOADER, lab.code, "lab"),
        "expert": make_user(Role.EXPERT, "EXPERT-BJ", "expert"),
    }


@pytest.fixture
def steward(make_user):
    from npgov.core.roles import Role

    return make_user(Role.DATA_STEWARD, "MEE-BJ", "steward")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("NPGOV_TEST_DATABASE_URL"):
        return
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="runs only in the PostgreSQL pass"))


_skipped_required: list[str] = []


def pytest_runtest_logreport(report):
    if (
        report.skipped
        and os.environ.get("NPGOV_REQUIRE_BROWSER") == "1"
        and "browser" in report.keywords
    ):
        _skipped_required.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped_required:
        print("\nRequired browser tests were skipped:", *_skipped_required, sep="\n  ")
        session.exitstatus = 1
