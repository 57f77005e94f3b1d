"""{% fragment "name" vary1 vary2 ... %}...{% endfragment %}: a block of a template
rendered once and kept until a table it read is written (trusts.pagecache).

Everything the block shows that does not come from the database must be among the vary
values (the reader's permissions, query parameters); today's date always is. Lazy
context values (querysets, ``SimpleLazyObject``) are worked out only when the block is
rendered, so a cached block costs no query. Forms inside keep working: the CSRF token is
a placeholder in the cache and the request's own token on the page."""
from django import template
from django.utils.safestring import mark_safe

from trusts import pagecache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context):
        name = self.name.resolve(context)
        vary = [v.resolve(context) for v in self.vary]

        def make():
            with context.push(csrf_token=pagecache.CSRF_PLACEHOLDER):
                return str(self.nodelist.render(context))

        return mark_safe(pagecache.fragment(name, vary, make, request=context.get("request")))


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], nodelist)
