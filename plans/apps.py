from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Children and Young People's Plans"

    def ready(self):
        from partners import regard
        from plans import selectors, signals

        signals.connect()
        # the duty to have regard after 31 October 2010 turns on which plan is in force
        regard.register(selectors.board_plan_in_force)
