from trusts.features import FeatureConfig, HomePanel, NavLink


class PlansConfig(FeatureConfig):
    default = True  # the one config of this module (FeatureConfig is imported beside it)
    name = "plans"
    verbose_name = "Children and Young People's Plans"
    position = 20
    urls = "plans.urls"
    api_urls = "plans.urls_api"
    nav = (NavLink("Plan", "plans:overview", "officer"),)
    area_card = "plans/area_card.html"
    home_panels = (
        HomePanel("board_member", "plans/home_panel.html", order=20),
        HomePanel("partner_contact", "plans/home_panel.html", order=10),
    )

    def ready(self):
        from partners import regard
        from plans import selectors, signals

        signals.connect()
        # the duty to have regard after 31 October 2010 turns on which plan is in force
        regard.register(selectors.board_plan_in_force)
