"""Reminders and notifications: chase deadlines on a schedule, in working days, exactly once.

How it fits together
--------------------
* Kinds of reminder are declared once, as constants, by the app that owns them, in its
  ``reminders.py`` (``trusts.notices.kinds``): the code, the name people read and the
  default rule. A chaser, check or message for an undeclared kind is an error where it is
  registered or made (at start-up for chasers), never a reminder skipped in silence.
* ``ChaseRule`` (admin, one per chased kind, put in from the kind's default rule) says WHEN: offsets before or after a date,
  in working or calendar days, optionally "then every N days".
* Chasers in each feature app (``plans/chasers.py``, ``boards/chasers.py``, found with
  ``autodiscover_modules("chasers")``) say WHAT and WHOM: they yield ``Due`` items.
* The daily beat task ``notices.tasks.sweep_task`` (06:30 Europe/London, a
  django-celery-beat PeriodicTask stewards edit in the admin) collects every Due, inserts
  one ``ReminderLog`` row each (unique on kind, recipient e-mail, subject, deadline,
  offset) and queues one ``reminder_send_task(log_id)`` per new row. The send task locks
  the row, sends the e-mail (text + HTML) and the in-app ``Notification``, marks it sent.

Writing a chaser
----------------
::

    # plans/reminders.py
    PLAN_REVIEW_DUE = declare("plan_review_due", "Plan review due", rule=DefaultRule(
        "before", "30,10,1", "working", None, "Annual review of the plan due: the officers."))

    # plans/chasers.py
    from plans.reminders import PLAN_REVIEW_DUE
    from trusts.notices.registry import chaser
    from trusts.notices.selectors import area_recipient_list

    @chaser(PLAN_REVIEW_DUE)
    def plan_reviews_due(today, rules):
        rule = rules[PLAN_REVIEW_DUE]
        plans = list(Plan.objects.filter(review_due__range=rule.anchor_range(today))
                     .select_related("area"))                                  # query 1
        officers = area_recipient_list({p.area_id for p in plans})              # query 2
        for plan in plans:
            yield from rule.dues(
                today=today, anchor=plan.review_due, subject_key=f"plan:{plan.pk}",
                recipients=officers[plan.area_id], area_id=plan.area_id,
                title=f"The {plan.area.name} plan review is due on {plan.review_due:%-d %B %Y}",
                context={"lines": ["Review the plan with the partners and record the outcome."]},
                link=f"/areas/{plan.area.la_code}/plans/{plan.pk}/",
            )

* ``@chaser(*kinds)`` registers ``fn(today, rules)``; it is called once per sweep, only if
  one of its kinds is enabled; ``rules`` maps each ENABLED kind to its ChaseRule.
* ``rule.anchor_range(today)`` -> ``(earliest, latest)`` dates that can be due today
  (``earliest`` is None for repeating rules): filter ONE query with it.
* ``rule.stage(today, anchor)`` -> the offset label due today (e.g. "10 working days
  before") or None; ``rule.dues(...)`` builds one ``Due`` per recipient when a stage is due.
* ``Due(kind, recipient, subject_key, deadline, offset, title, area_id=None,
  template="notices/email/reminder", context={}, link="")``; ``Recipient(email, name,
  user_id=None)``, ``Recipient.of(user)``. The default template prints ``title``, the
  strings in ``context["lines"]`` and the link; a feature may pass its own template base
  name (``<base>.txt`` and ``<base>.html``). ``context`` must be JSON-able and small.
* Recipients, batched: ``selectors.area_recipient_list(area_ids, role=User.Role.OFFICER)``,
  ``selectors.director_recipient_list(area_ids)``, ``selectors.steward_recipient_list()``.

Chasers MUST be a bounded number of batched queries: one query per kind of record (a
filter on ``anchor_range``, ``select_related``/``values`` for what the title needs) and
one per recipient group, never a query per object; the sweep's own cost is fixed (one
insert per 1000 reminders, three more queries). ``manage.py bench_sweep`` measures it.

* ``@still_due(*kinds)`` registers ``fn(log) -> bool``, asked by the send task under the
  row lock: a reminder whose condition was met after it was logged (the partner agreed) is
  marked ``withdrawn`` and not sent.

Other public calls
------------------
* ``services.enqueue_safely(task, *args, queue=None)``: publish on commit; if Redis is
  down it is logged (logger ``trusts.notices``), never raised: use for every publish from
  a request.
* ``services.reminder_send_now(due=Due(...))``: one reminder now, exactly once.
* ``selectors.notification_list(user=..., limit=10)`` for ``notices/home_panel.html``.
"""
