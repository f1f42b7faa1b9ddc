"""Domain errors raised by services and turned into 4xx responses by views and the API."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain was broken; the message is translated and safe to show."""


class WorkflowError(DomainError):
    """An action that the record's current state does not allow."""
