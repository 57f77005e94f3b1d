"""``{% account_link purpose user_id %}``: a set-password link built when an e-mail is rendered.

The link is a credential, so the reminder log stores only the user's id and the purpose
(trusts.accounts); the worker makes the token at send time.
"""
from django import template

register = template.Library()


@register.simple_tag
def account_link(purpose, user_id):
    from trusts.accounts import account_link as build

    return build(purpose=purpose, user_id=user_id)
