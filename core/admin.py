from django.contrib import admin

from core.models import IdempotencyKey, IntegratorToken, ObjectChange


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    list_display = ["time", "user_name", "action", "content_type", "object_repr", "request_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "user_name", "object_id"]
    readonly_fields = [f.name for f in ObjectChange._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(IntegratorToken)
class IntegratorTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "scope", "created", "last_used", "revoked"]
    list_filter = ["scope", "revoked"]
    readonly_fields = ["prefix", "key_hash", "created", "last_used"]


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    """Stored answers to Idempotency-Key requests (kept a day); read only."""

    list_display = ["key", "status_code", "created"]
    list_filter = ["status_code"]
    search_fields = ["key"]
    readonly_fields = [f.name for f in IdempotencyKey._meta.fields]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
