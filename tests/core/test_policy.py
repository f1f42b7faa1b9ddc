"""The policy matrix: roles × actions × objects, and that scoping holds for each role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from npgov.core import policy
from npgov.core.models import Organisation, OrganisationKind
from npgov.plan.choices import ReviewState
from npgov.plan.models import ProgressReport
from tests.plan.factories import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(org, users):
    return {
        "chaoyang_draft": report(org("110105")),
        "miyun_published": report(org("110118"), state=ReviewState.ACCEPTED, published=True),
        "agri_submitted": report(org("AGR-BJ"), state=ReviewState.SUBMITTED),
        "bureau_accepted": report(org("MEE-BJ"), state=ReviewState.ACCEPTED),
    }


# Which reports each role sees with plan.view_progressreport.
VISIBLE_REPORTS = {
    "admin": {"chaoyang_draft", "miyun_published", "agri_submitted", "bureau_accepted"},
    "analyst": {"chaoyang_draft", "miyun_published", "agri_submitted", "bureau_accepted"},
    "dept_agri": {"agri_submitted", "miyun_published"},
    "district_chaoyang": {"chaoyang_draft", "miyun_published"},
    "district_miyun": {"miyun_published"},
    "expert": {"miyun_published", "bureau_accepted"},
    "enterprise": {"miyun_published"},
    "lab": {"miyun_published"},
    "public": {"miyun_published"},
}


def _user(users, name):
    return AnonymousUser() if name == "public" else users[name]


@pytest.mark.parametrize("name", sorted(VISIBLE_REPORTS))
def test_report_scope_per_role(users, reports, name):
    user = _user(users, name)
    seen = set(
        policy.scope(user, "plan.view_progressreport", ProgressReport.objects.all()).values_list(
            "pk", flat=True
        )
    )
    expected = {reports[key].pk for key in VISIBLE_REPORTS[name]}
    assert seen == expected
    # can() agrees with scope() object by object.
    for key, obj in reports.items():
        assert policy.can(user, "plan.view_progressreport", obj) == (key in VISIBLE_REPORTS[name])


# (role, action, report) -> allowed
WRITE_CASES = [
    ("district_chaoyang", "plan.change_progressreport", "chaoyang_draft", True),
    ("district_chaoyang", "plan.change_progressreport", "miyun_published", False),
    ("district_miyun", "plan.change_progressreport", "chaoyang_draft", False),
    ("dept_agri", "plan.submit_progressreport", "agri_submitted", True),
    ("dept_agri", "plan.submit_progressreport", "chaoyang_draft", False),
    ("analyst", "plan.change_progressreport", "bureau_accepted", True),
    ("analyst", "plan.change_progressreport", "chaoyang_draft", False),
    ("analyst", "plan.review_progressreport", "agri_submitted", True),
    ("admin", "plan.review_progressreport", "agri_submitted", True),
    ("district_chaoyang", "plan.review_progressreport", "chaoyang_draft", False),
    ("expert", "plan.review_progressreport", "agri_submitted", False),
    ("expert", "plan.change_progressreport", "bureau_accepted", False),
    ("enterprise", "plan.change_progressreport", "chaoyang_draft", False),
    ("public", "plan.change_progressreport", "miyun_published", False),
    ("admin", "plan.change_progressreport", "chaoyang_draft", False),
]


@pytest.mark.parametrize(("name", "code", "key", "allowed"), WRITE_CASES)
def test_write_permissions(users, reports, name, code, key, allowed):
    assert policy.can(_user(users, name), code, reports[key]) is allowed


def test_unsaved_report_may_be_created_only_for_own_organisation(users, org, reports):
    own = ProgressReport(
        task=reports["chaoyang_draft"].task,
        period=reports["chaoyang_draft"].period,
        organisation=org("110105"),
    )
    other = ProgressReport(task=own.task, period=own.period, organisation=org("110118"))
    officer = users["district_chaoyang"]
    assert policy.can(officer, "plan.change_progressreport", own)
    assert not policy.can(officer, "plan.change_progressreport", other)


def test_enterprise_reporter_never_sees_another_enterprise(users, enterprises):
    visible = policy.scope(
        users["enterprise"],
        "core.view_organisation",
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE),
    )
    assert list(visible) == [enterprises["chaoyang"]]
    assert not policy.can(users["enterprise"], "core.view_organisation", enterprises["miyun"])


def test_district_officer_sees_enterprises_of_their_district_only(users, enterprises):
    visible = set(
        policy.scope(
            users["district_miyun"],
            "core.view_organisation",
            Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE),
        )
    )
    assert visible == {enterprises["miyun"]}


def test_public_sees_government_bodies_but_no_enterprise_or_laboratory(users, enterprises):
    kinds = set(
        policy.scope(
            AnonymousUser(), "core.view_organisation", Organisation.objects.all()
        ).values_list("kind", flat=True)
    )
    assert kinds == {OrganisationKind.DEPARTMENT, OrganisationKind.DISTRICT}


@pytest.mark.parametrize(
    "name", ["analyst", "dept_agri", "district_chaoyang", "enterprise", "lab", "expert", "public"]
)
def test_only_administrators_see_users_and_the_audit_trail(users, name):
    user = _user(users, name)
    assert not policy.can(user, "core.view_user")
    assert not policy.can(user, "core.view_auditlog")


def test_administrator_sees_users_and_audit_trail(users):
    assert policy.can(users["admin"], "core.view_user")
    assert policy.can(users["admin"], "core.view_auditlog")


def test_inactive_user_holds_only_the_public_role(users):
    user = users["analyst"]
    user.is_active = False
    assert policy.roles_of(user) == frozenset({policy.Role.PUBLIC})


def test_unknown_permission_code_is_an_error(users):
    with pytest.raises(LookupError):
        policy.can(users["admin"], "plan.fly_progressreport")


def test_roles_must_fit_the_organisation(reference):
    from django.core.exceptions import ValidationError

    from npgov.core.services import user_create

    with pytest.raises(ValidationError):
        user_create(
            username="x",
            password=None,
            organisation=Organisation.objects.get(code="110105"),
            roles=[policy.Role.ENTERPRISE_REPORTER],
        )


def test_figures_count_every_body_for_staff_but_only_published_for_the_public(users, reports):
    from npgov.plan.selectors import district_submission_rates

    period = reports["chaoyang_draft"].period
    report_chaoyang = reports["chaoyang_draft"]
    report_chaoyang.review_state = ReviewState.SUBMITTED
    report_chaoyang.save()
    by_code = {
        name: {
            r["code"]: r["submitted"]
            for r in district_submission_rates(user=_user(users, name), period=period)
        }
        for name in ("district_miyun", "public")
    }
    # Miyun's officer counts Chaoyang's submitted report without being able to read it.
    assert by_code["district_miyun"]["110105"] == 1
    assert not policy.can(users["district_miyun"], "plan.view_progressreport", report_chaoyang)
    assert by_code["public"]["110105"] == 0 and by_code["public"]["110118"] == 1
