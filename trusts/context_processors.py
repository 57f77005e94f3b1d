from django.conf import settings
from django.urls import reverse


def service(request):
    """Service name and the navigation a signed-in user sees."""
    user = request.user
    nav = []
    if user.is_authenticated:
        nav.append(("Home", reverse("trusts:home")))
        if user.is_steward:
            nav.append(("National compliance", reverse("trusts:dashboard")))
            nav.append(("Reminders", reverse("notices:reminder-list")))
            nav.append(("Admin site", reverse("admin:index")))
        if user.is_board_member:
            nav.append(("Your boards", reverse("boards:mine")))
        nav.append(("Your account", reverse("trusts:account")))
    return {"SERVICE_NAME": settings.SERVICE_NAME, "service_nav": nav}
