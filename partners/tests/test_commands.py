import pytest
from django.core.management import CommandError, call_command

from partners import demo, law
from partners.models import Partner, PartnerContact
from trusts import demo as trusts_demo
from trusts.models import Area


def test_duty_table_prints_every_type_and_framework(capsys):
    call_command("duty_table")
    out = capsys.readouterr().out
    for framework in law.FRAMEWORKS:
        assert f"== {framework.code}: {framework.name}" in out
    assert out.count("Sure Start Children's Centre") == len(law.FRAMEWORKS)


def test_duty_table_one_framework_with_sources(capsys):
    call_command("duty_table", "--framework", "proposals2008")
    out = capsys.readouterr().out
    assert "== ca2004" not in out
    academy = next(line for line in out.splitlines() if line.startswith("Academy"))
    assert "if agreement [" in academy
    district = next(line for line in out.splitlines() if line.startswith("District council"))
    assert district.count("if two-tier") == 3
    assert "Future Academies come within scope through the model funding agreement: para 11, 23" in out


def test_duty_table_unknown_framework():
    with pytest.raises(CommandError, match="Unknown framework"):
        call_command("duty_table", "--framework", "nope")


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_links_partner_contact():
    trusts_demo.seed(None)
    demo.seed(None)
    count = Partner.objects.count()
    demo.seed(None)
    assert Partner.objects.count() == count
    cambs = Area.objects.get(la_code="873")
    districts = set(cambs.partners.filter(org_type="district_council").values_list("name", flat=True))
    assert districts == {"Cambridge City Council", "East Cambridgeshire District Council", "Fenland District Council",
                         "Huntingdonshire District Council", "South Cambridgeshire District Council"}
    link = PartnerContact.objects.get(user__email="partner.contact@example.org")
    assert link.partner.name == "Cambridgeshire Primary Care Trust" and link.partner.area == cambs
    # two-tier Cambridgeshire: district councils are relevant partners; none in unitary Peterborough
    assert Partner.objects.relevant(cambs).filter(org_type="district_council").count() == 5
    for partner in Partner.objects.all():
        partner.full_clean()
