import pytest

from trusts.notices.models import ChaseRule


@pytest.fixture
def rule(db):
    def get(kind):
        return ChaseRule.objects.get(kind=kind)

    return get
