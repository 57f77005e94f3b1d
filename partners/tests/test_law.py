"""The duty table, checked against an expected matrix written by hand from the 2008 note
(seeds/004: para 11, 14, 20-26, 34, 48-50) and the domain guide's "What Parliament then
enacted". The matrix is NOT derived from ``law.RULES``: a wrong cell in the table fails here.

Letters per duty, in the order cooperate, regard, pool, delegate:
  Y yes · N no · E engaged, not bound · T only in a two-tier area · F only if the academy's
  funding agreement brings it within scope · B only while a plan the Children's Trust Board
  published before 31 October 2010 is in force in the area (to the end of its period) ·
  D both T and B.
"""
from datetime import date

import pytest

from partners import law

SCHOOLS = ("school_community", "school_foundation", "school_voluntary_aided", "school_voluntary_controlled",
           "school_community_special", "school_foundation_special", "school_nursery")
OTHERS = ("vcs", "private_provider", "other")

# Children Act 2004 as enacted: s10(4) partners (para 14); only the authority and relevant
# partners pool (para 14, 48); maintained schools have regard (s38 EIA 2006, para 20, 30);
# delegation only between NHS bodies and local authorities (para 49), and SI 2000/617
# reg 3(2)(a) prescribes district councils as local authorities for it; GPs and children's
# centres engaged, not bound (para 25-26).
CA2004 = {
    "local_authority": "NYYY",
    "district_council": "TNTY",
    "police_authority": "YNYN",
    "chief_officer_police": "YNYN",
    "sha": "YNYY",
    "pct": "YNYY",
    "probation": "YNYN",
    "yot": "YNYN",
    "connexions": "YNYN",
    "lsc": "YNYN",
    **{code: "NYNN" for code in SCHOOLS},
    "non_maintained_special": "NNNN",
    "pru": "NNNN",
    "sixth_form_college": "NNNN",
    "fe_college": "NNNN",
    "schools_forum": "NNNN",
    "academy": "NNNN",
    "ctc": "NNNN",
    "independent_school": "NNNN",
    "jobcentre_plus": "NNNN",
    "gp_practice": "ENNN",
    "childrens_centre": "ENNN",
    **{code: "NNNN" for code in OTHERS},
}

# The 2008 proposals: schools, PRUs, sixth form and FE colleges and Schools Forums become
# relevant partners (para 11, 23-24); Academies only through their funding agreement
# (para 23); every relevant partner must have regard to the plan (para 11, 34); pooling
# still only for relevant partners (para 50 is a question, not a proposal); GPs should
# have regard but no duty is proposed (para 25).
PROPOSALS2008 = {
    "local_authority": "NYYY",
    "district_council": "TTTY",
    "police_authority": "YYYN",
    "chief_officer_police": "YYYN",
    "sha": "YYYY",
    "pct": "YYYY",
    "probation": "YYYN",
    "yot": "YYYN",
    "connexions": "YYYN",
    "lsc": "YYYN",
    **{code: "YYYN" for code in SCHOOLS},
    "non_maintained_special": "NNNN",
    "pru": "YYYN",
    "sixth_form_college": "YYYN",
    "fe_college": "YYYN",
    "schools_forum": "YYYN",
    "academy": "FFFN",
    "ctc": "NNNN",
    "independent_school": "NNNN",
    "jobcentre_plus": "NNNN",
    "gp_practice": "ENNN",
    "childrens_centre": "ENNN",
    **{code: "NNNN" for code in OTHERS},
}

# As amended by the ASCL Act 2009 s193 (from 1 April 2010): maintained schools,
# non-maintained special schools, Academies and CTCs in the statute, FE institutions
# (including sixth form colleges), Jobcentre Plus; PRUs left to regulations; Schools
# Forums not added; the LSC abolished on 1 April 2010 (ASCL Act 2009 Part 3).
ASCL2009 = {
    "local_authority": "NYYY",
    "district_council": "TTTY",
    "police_authority": "YYYN",
    "chief_officer_police": "YYYN",
    "sha": "YYYY",
    "pct": "YYYY",
    "probation": "YYYN",
    "yot": "YYYN",
    "connexions": "YYYN",
    "lsc": "NNNN",
    **{code: "YYYN" for code in SCHOOLS},
    "non_maintained_special": "YYYN",
    "pru": "NNNN",
    "sixth_form_college": "YYYN",
    "fe_college": "YYYN",
    "schools_forum": "NNNN",
    "academy": "YYYN",
    "ctc": "YYYN",
    "independent_school": "NNNN",
    "jobcentre_plus": "YYYN",
    "gp_practice": "ENNN",
    "childrens_centre": "ENNN",
    **{code: "NNNN" for code in OTHERS},
}

# After the plan regulations (SI 2010/591) were revoked from 31 October 2010 (the department's
# archived FAQ on Children's Trusts): the board and the relevant partners stay, schools, colleges
# and Jobcentre Plus among them, as do pooling and delegation; but relevant partners need not have
# regard to the local authority's plan (nor to a voluntary one), only to a plan the board published
# before the revocation, while its period runs.
ASCL2009_REVOKED_PLAN = {
    "local_authority": "NYYY",
    "district_council": "TDTY",
    "police_authority": "YBYN",
    "chief_officer_police": "YBYN",
    "sha": "YBYY",
    "pct": "YBYY",
    "probation": "YBYN",
    "yot": "YBYN",
    "connexions": "YBYN",
    "lsc": "NNNN",
    **{code: "YBYN" for code in SCHOOLS},
    "non_maintained_special": "YBYN",
    "pru": "NNNN",
    "sixth_form_college": "YBYN",
    "fe_college": "YBYN",
    "schools_forum": "NNNN",
    "academy": "YBYN",
    "ctc": "YBYN",
    "independent_school": "NNNN",
    "jobcentre_plus": "YBYN",
    "gp_practice": "ENNN",
    "childrens_centre": "ENNN",
    **{code: "NNNN" for code in OTHERS},
}

EXPECTED = {
    "ca2004": CA2004,
    "proposals2008": PROPOSALS2008,
    "ascl2009": ASCL2009,
    "ascl2009_revoked_plan": ASCL2009_REVOKED_PLAN,
}

CASES = [
    (framework, org_type, duty, letters[i])
    for framework, matrix in EXPECTED.items()
    for org_type, letters in matrix.items()
    for i, duty in enumerate(law.DUTIES)
]


def test_law_expected_matrix_covers_every_framework_and_type():
    assert set(EXPECTED) == {f.code for f in law.FRAMEWORKS}
    for matrix in EXPECTED.values():
        assert set(matrix) == set(law.ORG_TYPES_BY_CODE)


@pytest.mark.parametrize(("framework", "org_type", "duty", "letter"), CASES,
                         ids=[f"{f}-{t}-{d}" for f, t, d, _ in CASES])
def test_law_duty_per_type_per_framework(framework, org_type, duty, letter):
    def ask(two_tier, funding_agreement, board_plan):
        return law.answer(framework, org_type, duty, two_tier=two_tier, funding_agreement=funding_agreement,
                          board_plan=board_plan)

    for two_tier in (True, False):
        for agreement in (True, False):
            for board_plan in (True, False):
                got = ask(two_tier, agreement, board_plan)
                expected = {
                    "Y": True, "N": False, "E": False, "T": two_tier, "F": agreement, "B": board_plan,
                    "D": two_tier and board_plan,
                }[letter]
                assert got.applies is expected, (two_tier, agreement, board_plan, got)
                assert got.engaged_only is (letter == "E")
                assert got.reason and got.source
                assert got.duty == duty


@pytest.mark.parametrize("framework", [f.code for f in law.FRAMEWORKS])
def test_law_district_council_only_in_two_tier_areas(framework):
    county = law.answer(framework, "district_council", "cooperate", two_tier=True)
    unitary = law.answer(framework, "district_council", "cooperate", two_tier=False)
    assert county.applies and not unitary.applies
    assert "two-tier" in county.reason and "single-tier" in unitary.reason


def test_law_academy_needs_funding_agreement_under_2008_proposals():
    with_agreement = law.answer("proposals2008", "academy", "cooperate", two_tier=False, funding_agreement=True)
    without = law.answer("proposals2008", "academy", "cooperate", two_tier=False, funding_agreement=False)
    assert with_agreement.applies and not without.applies
    assert "funding agreement" in without.reason
    assert "para 11, 23" in without.source


@pytest.mark.parametrize("framework", ["ascl2009", "ascl2009_revoked_plan"])
def test_law_academy_is_relevant_by_statute_under_2009_act(framework):
    got = law.answer(framework, "academy", "cooperate", two_tier=False, funding_agreement=False)
    assert got.applies
    assert "s193" in got.source


@pytest.mark.parametrize("framework", [f.code for f in law.FRAMEWORKS])
@pytest.mark.parametrize("org_type", ["gp_practice", "childrens_centre"])
def test_law_gp_and_childrens_centre_engaged_not_bound(framework, org_type):
    got = law.answer(framework, org_type, "cooperate", two_tier=True)
    assert got.engaged_only and not got.applies
    assert got.summary == "Engaged, not bound"
    assert "para 25-26" in got.source
    assert not law.answer(framework, org_type, "pool", two_tier=True).applies


@pytest.mark.parametrize("org_type", SCHOOLS)
def test_law_maintained_schools_have_regard_as_enacted(org_type):
    got = law.answer("ca2004", org_type, "regard", two_tier=True)
    assert got.applies
    assert "s38 Education and Inspections Act 2006" in got.source
    # ... without being relevant partners
    assert not law.answer("ca2004", org_type, "cooperate", two_tier=True).applies


@pytest.mark.parametrize("framework", [f.code for f in law.FRAMEWORKS])
def test_law_delegation_only_local_authorities_and_health_bodies(framework):
    may = {t for t in law.ORG_TYPES_BY_CODE
           if law.answer(framework, t, "delegate", two_tier=True, funding_agreement=True).applies}
    assert may == {"local_authority", "district_council", "sha", "pct"}
    # the reason given to a district council agrees with its answer (it is a local authority)
    district = law.answer(framework, "district_council", "delegate", two_tier=True)
    assert "SI 2000/617 reg 3(2)(a)" in district.source and "only between" not in district.source


def test_law_every_framework_has_dates():
    for framework in law.FRAMEWORKS:
        assert framework.name and framework.source
        if framework.in_force_from is None:
            # a proposal: never in force, but dated by its consultation and its deadline
            assert framework.consultation_closes and framework.plan_deadline
        else:
            assert framework.in_force_from < (framework.in_force_to or date.max)
    in_force = sorted((f for f in law.FRAMEWORKS if f.in_force_from), key=lambda f: f.in_force_from)
    for earlier, later in zip(in_force, in_force[1:]):
        # no gap and no overlap: exactly one framework is in force on any day after the first
        assert (later.in_force_from - earlier.in_force_to).days == 1
    assert in_force[-1].in_force_to is None


@pytest.mark.parametrize(("day", "code"), [
    (date(2008, 6, 1), "ca2004"),
    (date(2010, 3, 31), "ca2004"),
    (date(2010, 4, 1), "ascl2009"),
    (date(2010, 10, 30), "ascl2009"),
    (date(2010, 10, 31), "ascl2009_revoked_plan"),
    (date(2026, 11, 23), "ascl2009_revoked_plan"),
])
def test_law_framework_in_force(day, code):
    assert law.framework_in_force(day).code == code


def test_law_no_framework_before_2005():
    with pytest.raises(LookupError):
        law.framework_in_force(date(2004, 1, 1))


@pytest.mark.parametrize("framework", [f.code for f in law.FRAMEWORKS])
@pytest.mark.parametrize("duty", law.DUTIES)
@pytest.mark.parametrize("two_tier", [True, False])
@pytest.mark.parametrize("board_plan", [True, False])
def test_law_duty_values_agree_with_answer(framework, duty, two_tier, board_plan):
    """duty_values is what database filters use: it must say what answer() says."""
    always, by_agreement = law.duty_values(framework, duty, two_tier=two_tier, board_plan=board_plan)
    for org_type in law.ORG_TYPES_BY_CODE:
        for agreement in (True, False):
            applies = law.answer(framework, org_type, duty, two_tier=two_tier, funding_agreement=agreement,
                                 board_plan=board_plan).applies
            assert applies == (org_type in always or (agreement and org_type in by_agreement))


@pytest.mark.parametrize("org_type", ["pct", "school_community", "fe_college", "jobcentre_plus"])
def test_law_regard_after_revocation_says_which_plan(org_type):
    """After 31 October 2010 a relevant partner has regard only to a board plan published before then."""
    with_plan = law.answer("ascl2009_revoked_plan", org_type, "regard", two_tier=False, board_plan=True)
    without = law.answer("ascl2009_revoked_plan", org_type, "regard", two_tier=False, board_plan=False)
    assert with_plan.applies and not without.applies
    assert "published before 31 October 2010" in with_plan.reason
    assert "such a plan is in force in the area" in with_plan.reason
    assert "no such plan is in force" in without.reason
    assert "a local authority's plan or a voluntary plan does not count" in without.reason
    for got in (with_plan, without):
        assert "SI 2010/591 revoked from 31 October 2010" in got.source
        assert "Children's Trusts: frequently asked questions (archived)" in got.source
    # the duty to cooperate itself stays: schools, colleges and Jobcentre Plus are still relevant partners
    assert law.answer("ascl2009_revoked_plan", org_type, "cooperate", two_tier=False).applies


def test_law_regard_after_revocation_district_council_needs_both():
    def ask(two_tier, board_plan):
        return law.answer("ascl2009_revoked_plan", "district_council", "regard", two_tier=two_tier,
                          board_plan=board_plan)

    assert ask(True, True).applies
    assert not ask(True, False).applies and "no such plan is in force" in ask(True, False).reason
    assert not ask(False, True).applies and "single-tier" in ask(False, True).reason


def test_law_revocation_date_is_the_revoked_frameworks_first_day():
    assert law.PLAN_REGULATIONS_REVOKED == date(2010, 10, 31)
    assert law.framework_in_force(law.PLAN_REGULATIONS_REVOKED).code == "ascl2009_revoked_plan"
    assert not law.framework_in_force(law.PLAN_REGULATIONS_REVOKED).plan_required


@pytest.mark.parametrize(("framework", "duty", "depends"), [
    ("ascl2009_revoked_plan", "regard", True),
    ("ascl2009_revoked_plan", "cooperate", False),
    ("ascl2009_revoked_plan", "pool", False),
    ("ascl2009", "regard", False),
    ("ca2004", None, False),
    ("ascl2009_revoked_plan", None, True),
])
def test_law_depends_on_board_plan(framework, duty, depends):
    assert law.depends_on_board_plan(framework, duty) is depends
