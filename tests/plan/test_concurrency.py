"""Concurrent reviews of one report: row locks make exactly one decision win (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from npgov.plan.choices import ReviewState
from npgov.plan.models import ProgressEvent
from npgov.plan.services import progress_report_review
from tests.plan.factories import report

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_reviewers_at_once_record_one_decision(users, org):
    submitted = report(org("110105"), state=ReviewState.SUBMITTED)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def review(actor, accept):
        barrier.wait()
        try:
            progress_report_review(
                actor=actor, report=submitted, accept=accept, comment="" if accept else "请补充。"
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=review, args=(users["analyst"], True)),
        threading.Thread(target=review, args=(users["admin"], False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    submitted.refresh_from_db()
    assert submitted.review_state in (ReviewState.ACCEPTED, ReviewState.RETURNED)
    assert ProgressEvent.objects.filter(report=submitted).count() == 1
