"""Reminders and notifications: chase deadlines on a schedule, in working days, exactly once.

How it fits together
--------------------
* ``ChaseRule`` (admin, seeded for every kind) says WHEN: offsets before or after a date,
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

    # plans/chasers.py
    from trusts.notices.registry import chaser
    from trusts.notices.selectors import recipients_by_area

    @chaser("plan_review_due")
    def plan_reviews_due(today, rules):
        rule = rules["plan_review_due"]
        plans = list(Plan.objects.filter(review_due__range=rule.anchor_range(today))
                     .select_related("trust"))                                  # query 1
        officers = recipients_by_area({p.trust_id for p in plans})              # query 2
        for plan in plans:
            yield from rule.dues(
                today=today, anchor=plan.review_due, subject_key=f"plan:{plan.pk}",
                recipients=officers[plan.trust_id], area_id=plan.trust_id,
                title=f"The {plan.trust.name} plan review is due on {plan.review_due:%-d %B %Y}",
                context={"lines": ["Review the plan with the partners and record the outcome."]},
                link=f"/areas/{plan.trust.la_code}/plans/{plan.pk}/",
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
* Recipients, batched: ``selectors.recipients_by_area(area_ids, kind=Membership.Kind.OFFICER)``,
  ``selectors.director_recipients(area_ids)``, ``selectors.steward_recipients()``.

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
