"""Enterprises: registry, industry classes, statuses, facilities, outlets and discharge permits."""
