from trusts.features import FeatureConfig, NavLink


class PoolingConfig(FeatureConfig):
    default = True  # the one config of this module (FeatureConfig is imported beside it)
    name = "pooling"
    verbose_name = "Pooled budgets"
    position = 40
    urls = "pooling.urls"
    nav = (NavLink("Pooled budgets", "pooling:area", "officer"),)
    area_card = "pooling/area_card.html"
