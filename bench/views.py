from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def floor(request):
    """The benchmark's floor: the cheapest response the framework can give. Each page's
    throughput is reported as a ratio of this one's, measured in the same run."""
    return HttpResponse("ok", content_type="text/plain")
