"""Core: organisations, users and roles, the policy layer, audit trail, jobs and imports."""
