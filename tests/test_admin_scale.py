"""The stewards' admin at national scale: the big changelists cost the same
number of queries however many rows the country holds, never count or DISTINCT over a
whole table, and every filter (the new fixed-choice ones included) still finds the right
rows. ``trusts.admin.NationalAdminMixin`` is what they share."""
import re
from datetime import date, datetime
from urllib.parse import parse_qsl

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    DecisionFactory,
    MeetingFactory,
    PaperFactory,
    SeatFactory,
)
from boards.uploads import ALLOWED as PAPER_TYPES
from partners.models import Partner
from partners.tests.factories import PartnerContactFactory, PartnerFactory, SchoolFactory
from plans.models import AgreementResponse
from plans.tests.factories import (
    AgreementRequestFactory,
    ConsulteeFactory,
    PartnerSpendFactory,
)
from pooling.tests.factories import ContributionFactory, PooledFundFactory, SpendFactory
from trusts.admin import NationalAdminMixin, NationalPaginator
from trusts.notices.kinds import label as kind_label
from trusts.notices.models import ReminderLog
from trusts.notices.tests.factories import NotificationFactory
from trusts.tests.factories import OfficerFactory, StewardReadFactory, AreaFactory

pytestmark = pytest.mark.django_db

# the changelists with many rows nationally (40,000 partners, 90,000 attendances, ...)
BIG = [
    "partners_partner", "partners_partnercontact", "boards_seat", "boards_meeting", "boards_agendaitem",
    "boards_attendance", "boards_decision", "plans_agreementrequest", "plans_agreementresponse",
    "plans_consultee", "plans_partnerspend", "pooling_contribution", "pooling_spend", "trusts_user",
    "trusts_membership", "notices_reminderlog", "notices_notification",
]


def _at(year, month=6, day=1):
    return timezone.make_aware(datetime(year, month, day, 12, 0))


def grow(n, *, year=2009):
    """``n`` more areas, each with a row of every big changelist (dates in ``year``)."""
    for i in range(n):
        area = AreaFactory()
        officer = OfficerFactory(area=area)  # a user and a membership
        partner = PartnerFactory(area=area, engagement="signed", agreement_signed_on=date(year, 3, 1))
        SchoolFactory(area=area)
        PartnerContactFactory(partner=partner)
        board = BoardFactory(area=area)
        seat = SeatFactory(board=board, term_start=date(year, 1, 1))
        meeting = MeetingFactory(board=board, date=date(year, 5, 1))
        item = AgendaItemFactory(meeting=meeting)
        AttendanceFactory(meeting=meeting, seat=seat)
        DecisionFactory(item=item, recorded_at=_at(year))
        request = AgreementRequestFactory(version__area=area, partner=partner, asked_at=_at(year))
        AgreementResponse.objects.create(request=request, decision="agree", via="page", at=_at(year))
        ConsulteeFactory(version=request.version, consulted_from=date(year, 9, 1))
        PartnerSpendFactory(version=request.version, financial_year=year)
        fund = PooledFundFactory(area=area)
        ContributionFactory(fund=fund, year=year)
        SpendFactory(fund=fund, year=year)
        ReminderLog.objects.create(kind="board_papers", recipient_email=officer.email, subject_key=f"meeting:{i}",
                                   deadline=date(year, 5, 1), offset="5 working days before", area=area,
                                   title="Board papers", template="boards/email/papers", queued_at=_at(year))
        NotificationFactory(user=officer, created_at=_at(year))


@pytest.fixture
def read_steward(db):
    return StewardReadFactory()


def _get(client, name, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(f"admin:{name}_changelist"), params or {})
    assert response.status_code == 200, name
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("name", BIG)
def test_big_changelist_queries_flat_as_data_grows(client, read_steward, name):
    grow(2, year=2009)
    client.force_login(read_steward)
    client.get(reverse(f"admin:{name}_changelist"))  # warm the session and content types
    response, before = _get(client, name)
    shown = len(response.context["cl"].result_list)
    grow(6, year=2011)
    response, after = _get(client, name)
    assert len(response.context["cl"].result_list) > shown  # the list did grow
    assert len(after) == len(before), f"{name}: {len(before)} queries with less data, {len(after)} with more"


@pytest.mark.parametrize("name", BIG)
def test_big_changelist_unfiltered_never_counts_or_distincts_the_table(client, read_steward, name):
    grow(2)
    client.force_login(read_steward)
    response, queries = _get(client, name)
    cl = response.context["cl"]
    assert isinstance(cl.model_admin, NationalAdminMixin)
    assert cl.model_admin.show_full_result_count is False
    assert cl.result_count == cl.model_admin.model._default_manager.count()  # still the right figure here
    for sql in queries:
        if "COUNT(" in sql:
            # SQLite has no estimate: a count, but bounded (PostgreSQL: test_postgres_... below)
            assert f"LIMIT {NationalPaginator.CAP}" in sql, sql
        assert "DISTINCT" not in sql, sql  # no filter choices or date drill-down read from every row


@pytest.mark.parametrize("name", BIG)
def test_every_filter_choice_of_a_big_changelist_opens(client, read_steward, name):
    grow(2, year=2009)
    grow(1, year=2011)
    client.force_login(read_steward)
    response, _ = _get(client, name)
    cl = response.context["cl"]
    total = cl.result_count
    for spec in cl.filter_specs:
        for choice in spec.choices(cl):
            params = dict(parse_qsl(choice["query_string"].lstrip("?")))
            if not params:
                continue
            page, _ = _get(client, name, params)
            assert page.context["cl"].result_count <= total, (name, params)


def test_partner_changelist_ordered_by_name_and_labels_without_the_choices(client, read_steward):
    area = AreaFactory()
    for name in ["Cedar School", "Acorn School", "Birch School"]:
        SchoolFactory(area=area, name=name)
    client.force_login(read_steward)
    response, queries = _get(client, "partners_partner")
    assert [p.name for p in response.context["cl"].result_list] == ["Acorn School", "Birch School", "Cedar School"]
    rows = [sql for sql in queries if 'FROM "partners_partner"' in sql and "ORDER BY" in sql]
    # the order partner_name_idx holds (Django would add "id" DESC to the model's order by name)
    assert 'ORDER BY "partners_partner"."name" ASC, "partners_partner"."id" ASC' in rows[0]
    assert '<td class="field-org_type_label">Community school</td>' in response.content.decode()


def test_date_drill_down_lists_every_year_from_first_to_last_and_finds_the_rows(client, read_steward):
    area = AreaFactory()
    early = PartnerFactory(area=area, name="Early", engagement="signed", agreement_signed_on=date(2008, 4, 1))
    late = PartnerFactory(area=area, name="Late", engagement="signed", agreement_signed_on=date(2010, 7, 9))
    PartnerFactory(area=area, name="Unsigned")
    client.force_login(read_steward)
    body = _get(client, "partners_partner")[0].content.decode()
    years = re.findall(r"agreement_signed_on__year=(\d{4})", body)
    assert sorted(set(years)) == ["2008", "2009", "2010"]  # 2009 has no rows: listed, and empty
    response, _ = _get(client, "partners_partner", {"agreement_signed_on__year": "2010"})
    assert list(response.context["cl"].result_list) == [late]
    months = re.findall(r"agreement_signed_on__month=(\d+)", response.content.decode())
    assert sorted(set(months), key=int) == ["7"]  # one row in 2010: its month only
    response, _ = _get(client, "partners_partner", {"agreement_signed_on__year": "2009"})
    assert list(response.context["cl"].result_list) == []
    response, _ = _get(client, "partners_partner", {"agreement_signed_on__year": "2008",
                                                    "agreement_signed_on__month": "4"})
    assert list(response.context["cl"].result_list) == [early]


def test_agenda_item_kind_and_meeting_year_filters(client, read_steward):
    meeting = MeetingFactory(date=date(2009, 5, 1))
    later = MeetingFactory(board=meeting.board, date=date(2011, 2, 1))
    general = AgendaItemFactory(meeting=meeting, kind="general")
    approval = AgendaItemFactory(meeting=later, kind="plan_approval")
    other = AgendaItemFactory(meeting=later, kind="pooling_report")
    client.force_login(read_steward)

    def items(**params):
        return set(_get(client, "boards_agendaitem", params)[0].context["cl"].result_list)

    assert items(kind="general") == {general}
    assert items(kind="plan_approval") == {approval}
    assert items(kind="other") == {other}
    assert items(meeting_date_year="2009") == {general}
    assert items(meeting_date_year="2011") == {approval, other}
    body = _get(client, "boards_agendaitem")[0].content.decode()
    assert set(re.findall(r"meeting_date_year=(\d{4})", body)) == {"2009", "2010", "2011"}


def test_paper_type_filter_has_fixed_choices_and_finds_the_rows(client, read_steward):
    pdf = PaperFactory(extension="pdf")
    word = PaperFactory(extension="docx", item=pdf.item)
    client.force_login(read_steward)
    response, queries = _get(client, "boards_paper")
    assert not any("DISTINCT" in sql for sql in queries)
    spec = next(s for s in response.context["cl"].filter_specs if getattr(s, "parameter_name", "") == "extension")
    # every type a paper may be (boards.uploads), none read from the table
    assert [c["display"] for c in spec.choices(response.context["cl"])][1:] == [f".{t}" for t in PAPER_TYPES]
    assert {"pdf", "docx", "xlsx", "csv"} <= set(PAPER_TYPES)
    assert list(_get(client, "boards_paper", {"extension": "docx"})[0].context["cl"].result_list) == [word]
    assert list(_get(client, "boards_paper", {"extension": "pdf"})[0].context["cl"].result_list) == [pdf]


def test_agreement_request_latest_answer_filter(client, read_steward):
    agreed = AgreementRequestFactory(latest_decision="agree")
    objected = AgreementRequestFactory(latest_decision="object")
    unanswered = AgreementRequestFactory(latest_decision="")
    client.force_login(read_steward)

    def requests(value):
        return set(_get(client, "plans_agreementrequest", {"latest_decision": value})[0].context["cl"].result_list)

    assert requests("agree") == {agreed}
    assert requests("object") == {objected}
    assert requests("none") == {unanswered}


@pytest.mark.parametrize(("name", "field"), [("pooling_contribution", "year"), ("pooling_spend", "year"),
                                             ("plans_partnerspend", "financial_year")])
def test_financial_year_filters_list_every_year_and_find_the_rows(client, read_steward, name, field):
    fund = PooledFundFactory()
    factory = {"pooling_contribution": lambda y: ContributionFactory(fund=fund, year=y),
               "pooling_spend": lambda y: SpendFactory(fund=fund, year=y),
               "plans_partnerspend": lambda y: PartnerSpendFactory(financial_year=y)}[name]
    first, last = factory(2008), factory(2010)
    client.force_login(read_steward)
    response, _ = _get(client, name)
    spec = next(s for s in response.context["cl"].filter_specs if getattr(s, "parameter_name", "") == field)
    assert [c["display"] for c in spec.choices(response.context["cl"])][1:] == ["2010-11", "2009-10", "2008-09"]
    assert list(_get(client, name, {field: "2008"})[0].context["cl"].result_list) == [first]
    assert list(_get(client, name, {field: "2010"})[0].context["cl"].result_list) == [last]
    assert list(_get(client, name, {field: "2009"})[0].context["cl"].result_list) == []


def test_reminder_kind_filter_names_the_rules_and_finds_other_kinds(client, read_steward):
    area = AreaFactory()

    def log(kind):
        return ReminderLog.objects.create(kind=kind, recipient_email="a@example.org", subject_key="x:1",
                                          deadline=date(2010, 1, 1), offset="1", area=area, title="t",
                                          template="t")

    papers, direct = log("board_papers"), log("agreement_request")
    client.force_login(read_steward)
    response, _ = _get(client, "notices_reminderlog")
    spec = next(s for s in response.context["cl"].filter_specs if getattr(s, "parameter_name", "") == "kind")
    # from the rules, by name (trusts.notices.kinds, declared by the app that owns the kind)
    assert kind_label("plan_review_due") in [c["display"] for c in spec.choices(response.context["cl"])]
    assert list(_get(client, "notices_reminderlog", {"kind": "board_papers"})[0].context["cl"].result_list) == [papers]
    assert list(_get(client, "notices_reminderlog", {"kind": "other"})[0].context["cl"].result_list) == [direct]


def test_partner_history_queries_flat(client, read_steward):
    client.force_login(read_steward)

    def history_queries(records):
        partner = PartnerFactory(area=AreaFactory())
        for i in range(records - 1):
            partner.notes = f"Note {i}"
            partner.save()
        assert partner.history.count() == records
        url = reverse("admin:partners_partner_history", args=[partner.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert history_queries(2) == history_queries(12)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own row figures")
@pytest.mark.django_db(transaction=True)
def test_postgres_unfiltered_changelist_takes_the_table_estimate(client, monkeypatch):
    monkeypatch.setattr(NationalPaginator, "CAP", 3)
    area = AreaFactory()
    for _ in range(5):
        PartnerFactory(area=area)
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "partners_partner"')
    client.force_login(StewardReadFactory())
    response, queries = _get(client, "partners_partner")
    assert response.context["cl"].result_count == Partner.objects.count() == 5
    assert not any("COUNT(" in sql and "pg_class" not in sql for sql in queries)
    filtered, queries = _get(client, "partners_partner", {"area__region__exact": area.region})
    assert filtered.context["cl"].result_count == 3  # a filtered list counts up to the cap
    assert any("COUNT(" in sql and "LIMIT 3" in sql for sql in queries)


def test_every_big_admin_is_national():
    from django.apps import apps

    for name in BIG:
        model = apps.get_model(*name.split("_", 1))
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, NationalAdminMixin), name
        assert model_admin.paginator is NationalPaginator, name
