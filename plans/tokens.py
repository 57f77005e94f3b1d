"""Signed links in the agreement request e-mail (django.core.signing).

A link carries the request, its partner and version, the contact it was sent to and
the request's current nonce. It is valid only for that partner and version, while the
contact it was sent to is still one of the partner's contacts (and active), expires
(``PLANS_AGREEMENT_LINK_DAYS``, 30 by default) and works once: using it rotates the
nonce, so the same link (or any other link for that request) is then refused.
"""
from django.conf import settings
from django.core import signing

SALT = "plans.agreement-answer"


class LinkInvalid(Exception):
    """The message says what is wrong with the link and what to do instead."""


def link_days():
    return int(getattr(settings, "PLANS_AGREEMENT_LINK_DAYS", 30))


def agreement_token_make(*, request, user_id=None):
    payload = {"r": request.pk, "p": request.partner_id, "v": request.version_id, "n": request.nonce,
               "u": user_id}
    return signing.dumps(payload, salt=SALT, compress=True)


def agreement_token_read(token):
    """The (request, user) a link is for, or LinkInvalid with the reason."""
    from plans.models import AgreementRequest, PlanVersion
    from trusts.models import User

    try:
        payload = signing.loads(token, salt=SALT, max_age=link_days() * 24 * 3600)
    except signing.SignatureExpired:
        raise LinkInvalid(f"This link has expired: links work for {link_days()} days. Sign in to record your "
                          "organisation's answer, or ask the council officer to send the request again.") from None
    except signing.BadSignature:
        raise LinkInvalid("This link is not valid. Check you copied all of it from the e-mail, or sign in to "
                          "record your organisation's answer.") from None
    if not isinstance(payload, dict) or not {"r", "p", "v", "n"} <= payload.keys():
        raise LinkInvalid("This link is not valid. Sign in to record your organisation's answer.")
    request = (AgreementRequest.objects.select_related("partner", "version", "version__area")
               .filter(pk=payload["r"]).first())
    if request is None or request.partner_id != payload["p"] or request.version_id != payload["v"]:
        raise LinkInvalid("This link is not for this partner and plan version. Use the link in the e-mail "
                          "your organisation was sent, or sign in.")
    if request.nonce != payload["n"]:
        raise LinkInvalid("This link has already been used. Each link works once: sign in to change your "
                          "organisation's answer.")
    version = request.version
    if version.status != PlanVersion.Status.AGREEMENT or request.round != version.agreement_round:
        raise LinkInvalid(f"Version {version.number} of the plan is no longer waiting for partners to agree it, "
                          "so this link no longer works.")
    user = None
    if payload.get("u"):
        # a link sent to a contact works only while they are still a contact of the partner
        from partners.models import PartnerContact

        user = User.objects.filter(pk=payload["u"], is_active=True).first()
        if user is None or not PartnerContact.objects.filter(partner_id=request.partner_id, user=user).exists():
            raise LinkInvalid("This link was sent to someone who is no longer a contact of the organisation, so it "
                              "no longer works. Ask the council officer to send the request again.")
    return request, user
