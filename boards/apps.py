from trusts.features import FeatureConfig, HomePanel, NavLink


class BoardsConfig(FeatureConfig):
    default = True  # the one config of this module (FeatureConfig is imported beside it)
    name = "boards"
    verbose_name = "Children's Trust Boards"
    position = 30
    urls = "boards.urls"
    nav = (
        # a board's own pages (/boards/...) belong to the section too
        NavLink("Boards", "boards:board-list", "officer", below=("boards/",)),
        NavLink("Your boards", "boards:mine", "board_member", below=("boards/",)),
    )
    area_card = "boards/area_card.html"
    home_panels = (HomePanel("board_member", "boards/home_panel.html", order=10),)
