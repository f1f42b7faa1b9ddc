"""QA/QC of loaded results: blank contamination flags a batch, field duplicates must agree
(relative percent difference), and reviewers accept or reject flagged results.

References
----------
.. [1] HJ 168-2020 环境监测分析方法标准制订技术导则 (blanks, recovery and precision checks).
.. [2] US EPA (2017). National Functional Guidelines for Organic Superfund Methods Data
   Review, EPA-540-R-2017-002: field duplicate RPD and blank contamination rules.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from npgov.core import policy
from npgov.core.audit import acting_as

from .choices import BLANKS, Detection, QcType, Review
from .counts import counts_move
from .models import ImportFile, Result, Sample

#: Field duplicates disagree when their relative percent difference exceeds this.
RPD_LIMIT = 30.0


def rpd(a: float, b: float) -> float:
    """Relative percent difference |a − b| / mean(a, b) × 100 (0 when both are 0)."""
    mean = (a + b) / 2
    return 0.0 if mean == 0 else abs(a - b) / mean * 100


def _add_flag(results: list[Result], flag: str) -> None:
    for result in results:
        flags = [f for f in result.qa_flags.split(",") if f]
        if flag not in flags:
            result.qa_flags = ",".join([*flags, flag])
    Result.objects.bulk_update(results, ["qa_flags"], batch_size=1000)


@transaction.atomic
def qa_flag_batches(*, import_file: ImportFile) -> int:
    """Flag the results of a file's batches: a blank with a detect above its LOQ flags the
    batch's results of that substance; field duplicates that disagree flag both. Returns the
    number of results flagged."""
    lab = import_file.laboratory_id
    flagged = 0
    blanks = (
        Result.objects.filter(
            import_file=import_file, qc_type__in=list(BLANKS), detection=Detection.DETECTED
        )
        .exclude(loq__isnull=True)
        .select_related("sample")
    )
    contaminated = {
        (b.sample.batch or str(b.sampled_on), b.substance_id)
        for b in blanks
        if b.value is not None and b.value > b.loq
    }
    if contaminated:
        by_batch = defaultdict(set)
        for batch, substance in contaminated:
            by_batch[batch].add(substance)
        for batch, substances in by_batch.items():
            same = Result.objects.filter(laboratory_id=lab, substance_id__in=substances)
            same = (
                same.filter(sample__batch=batch)
                if not batch[:4].isdigit() or "-" not in batch
                else same.filter(sampled_on=batch, sample__batch="")
            )
            results = list(same.exclude(qc_type__in=list(BLANKS)))
            _add_flag(results, "blank_contamination")
            flagged += len(results)
    duplicates = Sample.objects.filter(import_file=import_file, qc_type=QcType.DUPLICATE).exclude(
        duplicate_of=""
    )
    for duplicate in duplicates:
        original = Sample.objects.filter(laboratory_id=lab, code=duplicate.duplicate_of).first()
        if original is None:
            continue
        theirs = {r.substance_id: r for r in original.results.filter(detection=Detection.DETECTED)}
        for mine in duplicate.results.filter(detection=Detection.DETECTED):
            other = theirs.get(mine.substance_id)
            if other is not None and rpd(mine.value, other.value) > RPD_LIMIT:
                _add_flag([mine, other], "duplicate_rpd")
                flagged += 2
    return flagged


@transaction.atomic
def result_review(*, actor, result: Result, accept: bool, note: str = "") -> Result:
    """A reviewer accepts or rejects a result (flagged or not); recorded in the audit trail."""
    policy.require(actor, "monitoring.review_result", result)
    old = result.review
    with acting_as(actor):
        result.review = Review.ACCEPTED if accept else Review.REJECTED
        result.save(update_fields=["review"])
    counts_move(result, old)
    return result
