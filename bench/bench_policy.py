"""Cost of the policy layer: scoped reads versus the equivalent hand-written ORM query."""

import os
import statistics
import sys
import tempfile
import time


def setup() -> None:
    data_dir = tempfile.mkdtemp(prefix="npgov-bench-")
    os.environ.update(
        NPGOV_ENV="demo", NPGOV_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="npgov.settings"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from npgov.core.services import organisations_load_reference
    from npgov.demo import demo_generate
    from npgov.plan.services import plan_load_reference

    organisations_load_reference()
    plan_load_reference()
    demo_generate(password="bench-password-1")


def timed(func, repeat: int = 30) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    setup()
    from django.utils import timezone

    from npgov.core.models import User
    from npgov.plan import selectors
    from npgov.plan.models import ProgressReport

    officer = User.objects.get(username="district_chaoyang")
    analyst = User.objects.get(username="analyst")
    officer.organisation  # noqa: B018 - load once, as a request would

    def scoped():
        return list(selectors.report_list(user=officer))

    def baseline():
        return list(
            ProgressReport.objects.select_related(
                "task", "period", "organisation", "submitted_by", "reviewed_by"
            ).filter(organisation_id=officer.organisation_id)
            | ProgressReport.objects.filter(review_state="accepted", published=True)
        )

    assert {r.pk for r in scoped()} == {r.pk for r in baseline()}
    t_scoped, t_base = timed(scoped), timed(baseline)
    print(
        f"report_list (district officer, {len(scoped())} rows): "
        f"policy {t_scoped * 1e3:.2f} ms, hand-written ORM {t_base * 1e3:.2f} ms, "
        f"ratio {t_scoped / t_base:.2f}"
    )
    today = timezone.localdate()
    t_dash = timed(lambda: selectors.dashboard_figures(user=analyst, today=today), repeat=5)
    print(
        f"dashboard_figures (analyst, {ProgressReport.objects.count()} reports): "
        f"{t_dash * 1e3:.1f} ms per page"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
