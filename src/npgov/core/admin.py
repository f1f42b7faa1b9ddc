"""Admin of core records (system administrators only; the admin site requires staff).

The admin is for looking things up: records are changed through the platform's own pages
and API, which go through the services (validation, role rules, audit)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from npgov.core import policy
from npgov.core.models import ApiToken, Job, Organisation, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model admin that shows records to system administrators and changes none."""

    def has_module_permission(self, request):
        return policy.can(request.user, "core.use_admin")

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "core.use_admin")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_zh", "kind", "district", "is_active", "is_synthetic")
    list_filter = ("kind", "is_active", "is_synthetic", "district")
    search_fields = ("code", "name_zh", "name_en", "short_name_zh")
    raw_id_fields = ("district",)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "organisation", "is_active", "last_login")
    list_filter = ("is_active", "groups", "organisation__kind")
    search_fields = ("username", "full_name", "email", "organisation__name_zh")
    raw_id_fields = ("organisation",)
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Organisation"), {"fields": ("organisation", "full_name", "phone")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created", "expires", "last_used")
    readonly_fields = ("prefix", "key_hash", "created", "last_used")


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "owner", "status", "progress", "created", "finished")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in Job._meta.fields]
