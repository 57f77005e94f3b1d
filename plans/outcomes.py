"""The five Every Child Matters outcomes and the spend areas the plan reports on (para 36).

The pooling app owns the canonical lists; the fallbacks below carry the same values so
the plan still works (and its migrations stay the same) if pooling is not installed.
"""
from django.db import models

try:
    from pooling.models import ECM_OUTCOMES as Outcome
except ImportError:  # pragma: no cover - pooling absent
    class Outcome(models.TextChoices):
        BE_HEALTHY = "be_healthy", "Be healthy"
        STAY_SAFE = "stay_safe", "Stay safe"
        ENJOY_ACHIEVE = "enjoy_achieve", "Enjoy and achieve"
        POSITIVE_CONTRIBUTION = "positive_contribution", "Make a positive contribution"
        ECONOMIC_WELLBEING = "economic_wellbeing", "Achieve economic well-being"

try:
    from pooling.models import ServiceArea as SpendArea
except ImportError:  # pragma: no cover - pooling absent
    class SpendArea(models.TextChoices):
        CHILD_HEALTH = "child_health", "Child health, including children's centres"
        YOUTH_OFFENDING = "youth_offending", "Youth offending"
        EARLY_INTERVENTION = "early_intervention", "Early intervention"
        OTHER = "other", "Other"


OUTCOME_LABELS = dict(Outcome.choices)
