"""Is a board plan in force in an area? The one fact about plans the duty table needs.

After the plan regulations (SI 2010/591) were revoked on 31 October 2010, relevant partners
must have regard only to a plan the Children's Trust Board published before then, to the end
of its period (``partners.law.IF_BOARD_PLAN``). Plans live in the ``plans`` app, which
``partners`` must not import (style guide 1a), so ``plans`` registers the answer here when
it starts (``plans.apps``). Without a provider no board plan is known: the answer is no.

Ask once per area per request and pass the answer down (``board_plan=`` in
``partners.law.answer``, ``Partner.duties`` and ``PartnerQuerySet.with_duty``), never per row.
"""
from django.utils import timezone

from partners import law

_provider = None


def register(provider):
    """``provider(area, day) -> bool``: whether a board plan published before the revocation
    is in force in the area on the day."""
    global _provider
    _provider = provider


def board_plan_in_force(area, day=None):
    """Whether a plan the area's board published before the revocation is in force on the day
    (default today): one query, or none when no provider is registered."""
    if _provider is None:
        return False
    return bool(_provider(area, day or timezone.localdate()))


def board_plan_for(area, framework_codes, duty=None, day=None):
    """``board_plan_in_force``, asked only if an answer under one of the frameworks depends on
    it (for ``duty``, or any duty): no query for an area whose framework has no such rule."""
    if isinstance(framework_codes, str):
        framework_codes = (framework_codes,)
    if not any(law.depends_on_board_plan(code, duty) for code in framework_codes):
        return False
    return board_plan_in_force(area, day)
