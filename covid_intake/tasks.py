"""Thin Celery tasks: take ids, call a service or send a mail."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.links import absolute_url
from covid_intake.models import Suggestion


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_receipt(*, suggestion_pk: int) -> bool:
    """E-mail the submitter the reference number. Harmless to repeat."""
    suggestion = Suggestion.objects.filter(pk=suggestion_pk).first()
    if suggestion is None or not suggestion.submitter_email:
        return False
    with override(settings.LANGUAGE_CODE):
        subject = _("Your suggestion %(ref)s has been received") % {"ref": suggestion.reference}
        body = _(
            "Thank you for your suggestion “%(title)s”.\n\n"
            "Your reference number is %(ref)s. You can follow the status of the suggestion "
            "with this number on the status page of the corona suggestion intake.\n\n"
            "Regards,\nThe portfolio office"
        ) % {"title": suggestion.title, "ref": suggestion.reference}
        body += "\n\n" + _("Status of the suggestion: %(url)s") % {
            "url": absolute_url("covid_intake:status", query=f"reference={suggestion.reference}")
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [suggestion.submitter_email])
    return True
