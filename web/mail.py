"""A member notification as e-mail: in the member's language, with the signed inbox link, sent over SMTP."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.message import EmailMessage

from jinja2 import Environment, FileSystemLoader

from matcher.text import detect_language
from models.events import MemberProfile
from models.notifications import MemberNotification
from web.settings import SmtpSettings

__all__ = ["compose", "member_language_of", "send"]

_ENV = Environment(loader=FileSystemLoader(__file__.rsplit("/", 1)[0] + "/templates"), autoescape=False)


def member_language_of(profile: MemberProfile, notification: MemberNotification) -> str:
    """The profile's language, else the language the notifier wrote its reasons in."""
    if profile.language:
        return profile.language
    return detect_language(" ".join(item.why for item in notification.items))


def compose(
    notification: MemberNotification,
    profile: MemberProfile,
    link: str,
    sender: str,
    link_days: int,
    publisher: Callable[[str], str] = lambda published_by: published_by,
) -> EmailMessage:
    """The message for one notification (immediate: one opportunity; daily: the digest).

    ``publisher`` names an item's publisher (:meth:`web.readmodel.ReadModel.publisher`: a member's
    name rather than its id)."""
    lang = member_language_of(profile, notification)
    items = notification.items
    if notification.delivery == "daily":
        subject = (
            f"Le vostre {len(items)} opportunità di oggi"
            if lang == "it"
            else f"Your {len(items)} opportunities today"
        )
    else:
        title = items[0].opportunity_title
        subject = (
            f"Nuova opportunità per voi: {title}" if lang == "it" else f"A new opportunity for you: {title}"
        )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = str(profile.contact_email)
    message["Content-Language"] = lang
    message["X-Matchmaker-Notification"] = notification.notification_id
    body = _ENV.get_template("mail/notification.txt").render(
        n=notification, lang=lang, link=link, days=link_days, publisher=publisher
    )
    message.set_content(body)
    return message


def send(smtp: SmtpSettings, message: EmailMessage) -> None:
    """Deliver one message (blocking: run it off the event loop); ``SMTPException`` or ``OSError``."""
    assert smtp.host, "no SMTP host configured"
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.username:
            password = smtp.password.get_secret_value() if smtp.password else ""
            client.login(smtp.username, password)
        client.send_message(message)
