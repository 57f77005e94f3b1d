"""Partners in search (``trusts.search``): by name, or by identifier (URN, UKPRN, ODS code),
each typed whole or in part (the identifiers are words of the partner's search vector).

Scoped as a partner's page is: the policy's ``visible`` (the area's officers and stewards;
a partner contact, their own organisation; a board member, none: a seat gives the board's
business, not the register) within the area rule. One query.
"""
from django.urls import reverse

from partners import law
from partners.models import PARTNER_SEARCH_FIELDS, Partner
from partners.permissions import policy
from trusts.search import Hit, Kind, first, matching

IDENTIFIER_FIELDS = ("urn", "ukprn", "ods_code")


def provide(user, terms, limit):
    readable = (policy.visible(user) & Partner.objects.for_user(user)).select_related("area")
    count, partners = first(matching(readable, terms, PARTNER_SEARCH_FIELDS, order=("name", "pk")), limit)
    hits = []
    for partner in partners:
        facts = [partner.area.name, law.org_type_label(partner.org_type)]
        facts += [f"{Partner._meta.get_field(name).verbose_name} {getattr(partner, name)}"
                  for name in IDENTIFIER_FIELDS if getattr(partner, name)]
        hits.append(Hit(
            title=partner.name,
            url=reverse("partners:partner-detail", kwargs={"la_code": partner.area.la_code, "partner": partner.pk}),
            context=" · ".join(facts),
        ))
    return [Kind("partners", "Partners", count, hits)]
