from trusts.features import FeatureConfig, HomePanel, NavLink


class PartnersConfig(FeatureConfig):
    default = True  # the one config of this module (FeatureConfig is imported beside it)
    name = "partners"
    verbose_name = "Partner register"
    position = 10
    urls = "partners.urls"
    nav = (
        NavLink("Partners", "partners:partner-list", "officer"),
        NavLink("Schools import", "partners:national-import", "steward"),
    )
    area_card = "partners/area_card.html"
    home_panels = (HomePanel("partner_contact", "partners/home_panel.html", order=20),)
    statutory_frameworks = "partners.law"
