"""`/api/v1/webhooks/`: the office manages webhook subscriptions and reads the delivery log."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core import webhooks
from core.access import is_office
from core.api.fields import StrictURLField
from core.api.views import BaseViewSet
from core.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from core.validators import validate_webhook_url


class OfficeOnlyPermission(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_office(request.user))


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    url = StrictURLField(max_length=500, validators=[validate_webhook_url])
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), min_length=1
    )
    secret = serializers.SerializerMethodField(
        help_text="The signing secret: only in the answer to the create request."
    )

    class Meta:
        model = WebhookSubscription
        fields = ["id", "name", "url", "events", "active", "created", "secret"]
        read_only_fields = ["active", "created"]

    def get_secret(self, obj: WebhookSubscription) -> str | None:
        return self.context.get("secret")


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "payload",
            "status",
            "attempts",
            "response_code",
            "error",
            "created",
            "last_attempt",
            "delivered",
        ]


class WebhookSubscriptionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, BaseViewSet
):
    """Webhook subscriptions (portfolio office only). The secret is returned once, on create."""

    queryset = WebhookSubscription.objects.all()
    serializer_class = WebhookSubscriptionSerializer
    permission_classes = [OfficeOnlyPermission]
    filterset_fields = ["active"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sub, secret = webhooks.subscription_create(
            created_by=request.user, **serializer.validated_data
        )
        data = WebhookSubscriptionSerializer(sub, context={"secret": secret}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: WebhookSubscriptionSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Any, pk: str | None = None) -> Response:
        sub = webhooks.subscription_deactivate(subscription=self.get_object())
        return Response(WebhookSubscriptionSerializer(sub).data)

    @extend_schema(responses={200: WebhookDeliverySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Any, pk: str | None = None) -> Response:
        qs = self.get_object().deliveries.order_by("-created", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
