"""Stewards: the read group writes nothing anywhere, the edit group changes data but never
privileges or other people's passwords, and the API throttles its clients."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from trusts import services
from trusts.errors import NotPermitted
from trusts.models import Direction, FrameworkChange, Area, User
from trusts.notices.models import ReminderLog
from trusts.permissions import STEWARD_EDIT
from trusts.tests.factories import PASSWORD, OfficerFactory, StewardEditFactory, StewardReadFactory, date_input


@pytest.fixture
def steward_read(db):
    return StewardReadFactory(email="rita@dcsf.example.gov.uk")


@pytest.fixture
def steward_edit(db):
    return StewardEditFactory(email="ed@dcsf.example.gov.uk")


def _direction(area, steward):
    return Direction.objects.create(area=area, arrangement="plan", reason="No plan", required_action="Publish one",
                                    due_by=timezone.localdate() + timedelta(days=30), issued_by=steward)


NO_MEMBERSHIPS = {"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
                  "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"}


def _user_change_data(user, **changes):
    """The admin's user change form as the edit group's page posts it."""
    data = {
        "email": user.email, "full_name": user.full_name, "job_title": user.job_title, "role": user.role,
        "is_active": "on" if user.is_active else "", **NO_MEMBERSHIPS,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


# -- the edit group never changes privileges or other people's passwords ------------
def test_steward_edit_cannot_make_self_superuser(client, steward_edit):
    client.force_login(steward_edit)
    url = reverse("admin:trusts_user_change", args=[steward_edit.pk])
    edit_group = Group.objects.get(name=STEWARD_EDIT)
    response = client.post(url, _user_change_data(
        steward_edit, is_superuser="on", is_staff="on", groups=[edit_group.pk], full_name="Ed Superuser",
    ))
    assert response.status_code == 403
    steward_edit.refresh_from_db()
    assert not steward_edit.is_superuser and steward_edit.full_name != "Ed Superuser"
    assert list(steward_edit.groups.values_list("name", flat=True)) == [STEWARD_EDIT]
    # the page shows no privilege fields to change
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page


def test_steward_edit_changes_an_officers_details_but_not_privileges(client, steward_edit, officer):
    client.force_login(steward_edit)
    url = reverse("admin:trusts_user_change", args=[officer.pk])
    page = client.get(url).content.decode()
    assert 'name="full_name"' in page
    for field in ("is_superuser", "is_staff", "groups", "user_permissions", "email"):
        assert f'name="{field}"' not in page, field
    assert reverse("admin:auth_user_password_change", args=[officer.pk]) not in page
    response = client.post(url, _user_change_data(
        officer, full_name="Olive Renamed", is_superuser="on", is_staff="on", email="ed@evil.example.org",
        role=User.Role.STEWARD,
    ))
    officer.refresh_from_db()
    # role "steward" is not a choice for the edit group: the form refuses it and nothing is saved
    assert response.status_code == 200 and officer.full_name == "Olive Officer"
    response = client.post(url, _user_change_data(officer, full_name="Olive Renamed", is_superuser="on",
                                                  is_staff="on", email="ed@evil.example.org"))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.full_name == "Olive Renamed"
    assert (officer.is_superuser, officer.is_staff, officer.email) == (False, False, "olive@northshire.example.org")
    assert officer.history.latest().history_user == steward_edit


def test_steward_edit_cannot_change_another_persons_password(client, steward_edit, officer, steward):
    client.force_login(steward_edit)
    for person in (officer, steward):
        url = reverse("admin:auth_user_password_change", args=[person.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, {"password1": "a-brand-new-password-1", "password2": "a-brand-new-password-1",
                                     "usable_password": "true"})
        assert response.status_code == 403
        person.refresh_from_db()
        assert person.check_password(PASSWORD)


def test_superuser_still_manages_stewards_and_passwords(client, steward, officer):
    client.force_login(steward)
    url = reverse("admin:auth_user_password_change", args=[officer.pk])
    response = client.post(url, {"password1": "a-brand-new-password-1", "password2": "a-brand-new-password-1",
                                 "usable_password": "true"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a-brand-new-password-1")
    change = reverse("admin:trusts_user_change", args=[officer.pk])
    assert 'name="is_superuser"' in client.get(change).content.decode()


def test_steward_edit_cannot_change_or_delete_stewards(client, steward_edit, steward_read, officer):
    client.force_login(steward_edit)
    url = reverse("admin:trusts_user_change", args=[steward_read.pk])
    response = client.post(url, _user_change_data(steward_read, full_name="Renamed", is_active=""))
    assert response.status_code == 403
    steward_read.refresh_from_db()
    assert steward_read.is_active and steward_read.full_name != "Renamed"
    for person in (steward_read, officer):
        delete = reverse("admin:trusts_user_delete", args=[person.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk__in=[steward_read.pk, officer.pk]).count() == 2
    # nor turn somebody into a steward by adding them
    response = client.post(reverse("admin:trusts_user_add"), {
        "email": "new.steward@example.org", "full_name": "New Steward", "role": User.Role.STEWARD, **NO_MEMBERSHIPS,
    })
    assert response.status_code == 200 and not User.objects.filter(email="new.steward@example.org").exists()


def test_groups_and_tokens_are_superusers_only(client, steward_edit, steward):
    client.force_login(steward_edit)
    edit_group = Group.objects.get(name=STEWARD_EDIT)
    assert client.get(reverse("admin:auth_group_change", args=[edit_group.pk])).status_code == 403
    response = client.post(reverse("admin:auth_group_change", args=[edit_group.pk]),
                           {"name": STEWARD_EDIT, "permissions": []})
    assert response.status_code == 403 and edit_group.permissions.exists()
    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 403
    response = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": steward_edit.pk})
    assert response.status_code == 403 and not Token.objects.exists()
    assert "tokenproxy" not in client.get(reverse("admin:index")).content.decode()
    client.force_login(steward)
    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 200


def test_only_superusers_delete_anything(client, steward_edit, steward, area):
    direction = _direction(area, steward)
    client.force_login(steward_edit)
    assert client.post(reverse("admin:trusts_direction_delete", args=[direction.pk]), {"post": "yes"}).status_code \
        == 403
    assert Direction.objects.filter(pk=direction.pk).exists()
    client.force_login(steward)
    client.post(reverse("admin:trusts_direction_delete", args=[direction.pk]), {"post": "yes"})
    assert not Direction.objects.filter(pk=direction.pk).exists()


def test_steward_edit_adds_a_person_who_is_invited_to_set_a_password(client, steward_edit, area,
                                                                    django_capture_on_commit_callbacks, mailoutbox):
    client.force_login(steward_edit)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:trusts_user_add"), {
            "email": "new.officer@example.org", "full_name": "Nia New", "job_title": "Commissioner",
            "role": User.Role.OFFICER, "send_invitation": "on", **NO_MEMBERSHIPS,
        })
    assert response.status_code == 302
    person = User.objects.get(email="new.officer@example.org")
    assert not person.has_usable_password() and not person.is_staff and not person.is_superuser
    assert [m.to[0] for m in mailoutbox] == ["Nia New <new.officer@example.org>"]
    assert person.history.latest().history_user == steward_edit


def test_steward_edit_resends_an_invitation_from_the_list(client, steward_edit, officer, steward_read,
                                                         django_capture_on_commit_callbacks, mailoutbox):
    client.force_login(steward_edit)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:trusts_user_changelist"), {
            "action": "send_invitation", "_selected_action": [officer.pk, steward_read.pk],
        })
    # the steward is skipped: only a superuser invites a steward
    assert [m.to[0] for m in mailoutbox] == [f"{officer.full_name} <{officer.email}>"]


# -- the read group writes nothing anywhere ------------------------------------------
def test_steward_read_cannot_write_steward_pages(client, steward_read, steward, area,
                                                          django_capture_on_commit_callbacks):
    direction = _direction(area, steward)
    client.force_login(steward_read)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    posts = [
        (reverse("trusts:direction-new"), {"area": area.pk, "arrangement": "board", "reason": "r",
                                           "required_action": "a", **date_input("due_by", tomorrow)}),
        (reverse("trusts:framework-changes"), {"framework": "proposals2008", **date_input("effective_on", tomorrow)}),
        (reverse("trusts:direction-close", kwargs={"direction": direction.pk}), {}),
        (reverse("notices:sweep"), {}),
    ]
    OfficerFactory(area=area)  # someone a sweep could chase
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for url, data in posts:
            response = client.post(url, data)
            assert response.status_code == 403, url
            assert "can read national data but not change it" in response.content.decode(), url
    assert callbacks == []
    assert Direction.objects.get().status == Direction.Status.OPEN
    assert not FrameworkChange.objects.exists() and not ReminderLog.objects.exists()
    # the pages it may read it still reads, without the buttons that write
    list_page = client.get(reverse("trusts:direction-list")).content.decode()
    assert reverse("trusts:direction-new") not in list_page
    detail = client.get(reverse("trusts:direction-detail", kwargs={"direction": direction.pk})).content.decode()
    assert reverse("trusts:direction-close", kwargs={"direction": direction.pk}) not in detail
    assert "Schedule a change" not in client.get(reverse("trusts:framework-changes")).content.decode()
    assert reverse("notices:sweep") not in client.get(reverse("notices:reminder-list")).content.decode()


def test_services_refuse_the_read_group(steward_read, steward, area):
    direction = _direction(area, steward)
    due = timezone.localdate() + timedelta(days=10)
    with pytest.raises(NotPermitted):
        services.direction_issue(area=area, arrangement="plan", reason="r", required_action="a", due_by=due,
                                 actor=steward_read)
    with pytest.raises(NotPermitted):
        services.direction_close(direction=direction, actor=steward_read)
    with pytest.raises(NotPermitted):
        services.framework_change_schedule(framework="proposals2008", effective_on=due, areas=[], actor=steward_read)
    from trusts.notices.services import reminders_retry, reminders_sweep_request

    with pytest.raises(NotPermitted):
        reminders_sweep_request(actor=steward_read)
    with pytest.raises(NotPermitted):
        reminders_retry(log_ids=[], actor=steward_read)
    assert Direction.objects.count() == 1 and not FrameworkChange.objects.exists()


def test_steward_read_writes_nothing_in_the_admin(client, steward_read, steward, area):
    direction = _direction(area, steward)
    area._history_user = steward
    area.director_name = "Dee Director"
    area.save()
    client.force_login(steward_read)
    change = reverse("admin:trusts_area_change", args=[area.pk])
    assert client.get(change).status_code == 200  # it may look
    response = client.post(change, {"name": "Renamed", "la_code": area.la_code, "gss_code": area.gss_code,
                                    "authority_type": area.authority_type})
    assert response.status_code == 403
    # reverting to an old version from the history page is a change too
    first = area.history.earliest()
    revert = reverse("admin:trusts_area_simple_history", args=[area.pk, first.history_id])
    response = client.post(revert, {"name": area.name, "la_code": area.la_code, "gss_code": area.gss_code,
                                    "authority_type": area.authority_type, "director_name": ""})
    assert response.status_code == 403
    assert client.post(reverse("admin:trusts_direction_add"), {}).status_code == 403
    assert client.post(reverse("admin:trusts_area_import"), {}).status_code == 403
    assert client.post(reverse("admin:trusts_user_add"), {"email": "x@example.org", "full_name": "X",
                                                          "role": User.Role.OFFICER}).status_code == 403
    area.refresh_from_db()
    assert (area.name, area.director_name) == ("Northshire", "Dee Director")
    assert Direction.objects.get() == direction and not User.objects.filter(email="x@example.org").exists()


def test_edit_group_cannot_revert_without_change_permission_but_superuser_can(client, steward, area):
    area._history_user = steward
    area.director_name = "Dee Director"
    area.save()
    first = area.history.earliest()
    client.force_login(steward)
    revert = reverse("admin:trusts_area_simple_history", args=[area.pk, first.history_id])
    response = client.post(revert, {"name": area.name, "la_code": area.la_code, "gss_code": area.gss_code,
                                    "authority_type": area.authority_type, "director_name": ""})
    assert response.status_code == 302
    assert Area.objects.get(pk=area.pk).director_name == ""


# -- the API throttles its clients -------------------------------------------------
LOW_RATES = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"}}


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(REST_FRAMEWORK=LOW_RATES)
def test_api_throttles_anonymous_clients(client, area, fresh_cache):
    url = reverse("api:area-list")
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    # a forged X-Forwarded-For is not a new client (no proxy is trusted by default)
    throttled = client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert throttled.status_code == 429
    body = throttled.json()
    assert body["error"]["status"] == 429 and body["error"]["code"] == "throttled"
    assert body["error"]["detail"].startswith("Too many requests: try again in ")
    assert 1 <= int(throttled["Retry-After"]) <= 60
    # another client address is counted on its own
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200


@override_settings(REST_FRAMEWORK=LOW_RATES)
def test_api_throttles_token_users_by_account(client, steward, area, fresh_cache):
    token = Token.objects.create(user=steward)
    url = reverse("api:compliance")
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert [client.get(url, **auth).status_code for _ in range(5)] == [200] * 5
    over = client.get(url, REMOTE_ADDR="198.51.100.7", **auth)  # a new address does not reset a user's count
    assert over.status_code == 429 and over.json()["error"]["code"] == "throttled" and over["Retry-After"]


def test_steward_read_changes_no_reminder_rule_and_retries_nothing(client, steward_read, area,
                                                                          django_capture_on_commit_callbacks):
    from datetime import date

    from trusts.notices.models import ChaseRule
    from trusts.notices.registry import Due, Recipient
    from trusts.notices.services import reminders_claim

    rule = ChaseRule.objects.get(kind="plan_review_due")
    _, _, _, ids = reminders_claim([Due(kind="board_papers", recipient=Recipient(email="b@example.org"),
                                        subject_key="meeting:1", deadline=date(2010, 4, 8), offset="5 days before",
                                        title="Board papers", area_id=area.pk)])
    ReminderLog.objects.filter(pk__in=ids).update(status="failed", last_error="421")
    client.force_login(steward_read)
    response = client.post(reverse("admin:notices_chaserule_change", args=[rule.pk]), {
        "description": rule.description, "direction": "before", "offsets": "20,5", "unit": "working", "enabled": "on",
    })
    assert response.status_code == 403
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("admin:notices_reminderlog_changelist"), {"action": "retry_failed",
                                                                      "_selected_action": ids})
    assert callbacks == [] and ReminderLog.objects.get(pk=ids[0]).status == "failed"
    assert ChaseRule.objects.get(pk=rule.pk).offsets == rule.offsets


@pytest.mark.django_db
def test_every_admin_refuses_writes_from_the_read_group_and_deletes_from_the_edit_group(rf):
    """Walks every ModelAdmin registered on the site, so a new one cannot escape: the read
    group may add or change nothing, only superusers delete, and the history page's
    "revert" (django-simple-history saves it with only the view permission checked)
    follows the change permission."""
    from django.contrib import admin as django_admin
    from simple_history.admin import SimpleHistoryAdmin

    from trusts.tests.factories import StewardEditFactory, StewardReadFactory

    reader, editor = StewardReadFactory(), StewardEditFactory()
    unguarded = []
    for model, model_admin in django_admin.site._registry.items():
        label = f"{model._meta.app_label}.{model.__name__}"
        if model._meta.app_label in ("auth",) and model.__name__ == "Group":
            continue  # groups: superusers only, tested above
        request = rf.get("/admin/")
        request.user = reader
        assert not model_admin.has_add_permission(request), f"{label}: the read group may add"
        assert not model_admin.has_change_permission(request), f"{label}: the read group may change"
        assert not model_admin.has_delete_permission(request), f"{label}: the read group may delete"
        request.user = editor
        assert not model_admin.has_delete_permission(request), f"{label}: the edit group may delete"
        if isinstance(model_admin, SimpleHistoryAdmin) and "history_form_view" not in {
                name for klass in type(model_admin).__mro__[:-1] if klass.__module__.startswith("trusts")
                for name in vars(klass)}:
            unguarded.append(label)
    assert unguarded == [], f"history revert not guarded by StewardAdminMixin: {unguarded}"


@pytest.mark.django_db
def test_steward_edit_cannot_change_which_task_beat_runs(client):
    """The edit group may pause the daily sweep or move it, never point it at another task."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from trusts.tests.factories import StewardEditFactory

    crontab = CrontabSchedule.objects.create(minute="30", hour="6")
    task = PeriodicTask.objects.create(name="Drill sweep", task="trusts.notices.tasks.sweep_task", crontab=crontab)
    client.force_login(StewardEditFactory())
    assert client.get(reverse("admin:django_celery_beat_periodictask_add")).status_code == 403
    page = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "task" not in form.fields and "args" not in form.fields and "enabled" in form.fields
    client.post(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]), {
        "enabled": "", "description": "", "crontab": crontab.pk, "task": "trusts.tasks.anything", "args": "[1]",
        "start_time_0": "", "start_time_1": "", "_save": "Save"})
    task.refresh_from_db()
    assert (task.enabled, task.task, task.args) == (False, "trusts.notices.tasks.sweep_task", "[]")
