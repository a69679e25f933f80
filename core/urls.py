from django.contrib.auth import views as auth_views
from django.urls import path

from core import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("integrations/tokens/", views.token_list, name="token-list"),
    path("integrations/tokens/new/", views.token_create_view, name="token-create"),
    path("integrations/tokens/<int:pk>/revoke/", views.token_revoke_view, name="token-revoke"),
    path("integrations/webhooks/", views.webhook_list, name="webhook-list"),
    path("integrations/webhooks/new/", views.webhook_create, name="webhook-create"),
    path("integrations/webhooks/<int:pk>/", views.webhook_detail, name="webhook-detail"),
]
