"""Sign-in pages: Django's own, with the password-reset e-mail owed through the outbox."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import include, path

from common import outbox
from common.login_limit import LimitedAuthenticationForm


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(loader.render_to_string(html_email_template_name, context), "text/html")
        outbox.enqueue(message, kind="password_reset")


urlpatterns = [
    # Django's sign-in view with the form that knows the address-wide failure limit.
    path("login/", auth_views.LoginView.as_view(authentication_form=LimitedAuthenticationForm), name="login"),
    path("password_reset/", auth_views.PasswordResetView.as_view(form_class=PasswordResetForm), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
