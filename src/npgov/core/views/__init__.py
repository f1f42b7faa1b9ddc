"""Views of core: dashboard, organisations, audit trail, jobs, account, errors."""
