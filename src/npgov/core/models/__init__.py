"""Core models: organisations, users, API tokens, background jobs."""

from .base import TimeStampedModel
from .imports import ImportBatch
from .jobs import Job
from .organisations import (
    Department,
    District,
    Enterprise,
    ExpertCommittee,
    Laboratory,
    Organisation,
    OrganisationKind,
)
from .users import ApiToken, User

__all__ = [
    "ApiToken",
    "Department",
    "District",
    "Enterprise",
    "ImportBatch",
    "ExpertCommittee",
    "Job",
    "Laboratory",
    "Organisation",
    "OrganisationKind",
    "TimeStampedModel",
    "User",
]
