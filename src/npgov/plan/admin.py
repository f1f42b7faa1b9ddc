"""Admin of the plan's records: read-only, because every write goes through the services
(workflow states, events and the audit trail)."""

from django.contrib import admin

from npgov.core.admin import ReadOnlyAdmin

from .models import PlanDeadline, PlanSection, PlanTask, ProgressReport, ReportingPeriod


class DeadlineInline(admin.TabularInline):
    model = PlanDeadline
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanSection)
class PlanSectionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_zh", "nav_group", "order")


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyAdmin):
    list_display = ("code", "title_zh", "kind", "section", "reference_version")
    list_filter = ("kind", "section")
    filter_horizontal = ("lead_departments", "responsible_departments", "named_districts")
    inlines = [DeadlineInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ("year", "quarter", "start", "end", "due")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = (
        "task",
        "period",
        "organisation",
        "status",
        "percent",
        "review_state",
        "published",
    )
    list_filter = ("period", "review_state", "status", "organisation__kind")
    search_fields = ("organisation__name_zh", "narrative")
    raw_id_fields = ("organisation", "task", "period", "submitted_by", "reviewed_by")
    readonly_fields = ("review_state", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by")
