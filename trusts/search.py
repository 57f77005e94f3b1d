"""Search: one box in the header, across everything the signed-in user may read.

Each of the project's apps may have a ``search.py`` with ``provide(user, terms, limit)``
returning a list of ``Kind``: a label, how many records of that kind match, and the first
``limit`` of them as ``Hit``s (title, link, a line of context, a snippet). This module knows
no feature app: providers are found by module name, as the dashboard's are.

Two rules every provider keeps:

* Scope: a provider reads only through its app's own reading rule (``for_user`` and the
  app's ``permissions.policy``), the one its pages use, so search never shows what the
  user could not open (another area's record, a draft plan to a board member, the register
  to anyone but the area's officers and stewards).
* Cost: a fixed number of queries per kind, whatever the data: ``first`` fetches the count
  with the rows, as a window function, so a kind is one query and the results page costs
  the same at any size.

Matching (``matching``): PostgreSQL full-text search in production (``english``
configuration, websearch syntax: "a quoted phrase", ``or``, ``-word``; and each word as the
start of a word too, so "brook" finds "Brookside" and "1101" a URN 110123), ranked, over a GIN
index on the very expression the query uses (``search_index`` in each model's Meta), so a
search runs on the index even across every area, never reading every row. SQLite
(the demo and local tests) has no full-text search here: there every word must appear in
one of the fields, ignoring case (``or`` and ``-word`` work; a quoted phrase is read as its
words; no stemming, so "child" also finds "children" but "children" not "child").
"""
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Count, F, Q, Window
from django.shortcuts import render
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from trusts.features import app_modules
from trusts.forms import GdsFormHelper

CONFIG = "english"
MIN_LENGTH, MAX_LENGTH = 2, 100
LIMIT = 10  # results shown per kind; the count says how many more there are
SNIPPET_CHARS = 200


# ---------------------------------------------------------------------------
# what a provider returns
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    context: str = ""  # where it is: the area, the meeting, the plan
    snippet: str = ""  # the matching passage of a longer text


@dataclass
class Kind:
    key: str  # the section's id on the results page
    label: str  # plural: "Partners"
    count: int
    hits: list = field(default_factory=list)


# ---------------------------------------------------------------------------
# the query
# ---------------------------------------------------------------------------
def tidy(value):
    """The query as it will be searched: NFKC-normalised (full-width letters, ligatures),
    without control or invisible characters (a NUL byte is refused by PostgreSQL), spaces
    collapsed."""
    text = unicodedata.normalize("NFKC", value or "")
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            kept.append(" ")  # tabs, newlines
        elif not category.startswith("C"):  # format, surrogate, private-use, unassigned: dropped
            kept.append(ch)
    return " ".join("".join(kept).split())


@dataclass(frozen=True)
class Terms:
    """A tidied query: ``text`` for PostgreSQL's websearch syntax; for the SQLite match and the
    snippet, its words in ``groups`` (the words of each group all wanted, any group will do:
    "a b or c" is [[a, b], [c]]) and the ``excluded`` ones (typed with a leading minus)."""

    text: str

    def _tokens(self):
        for token in self.text.split():
            yield token, token.strip("\"'")

    @property
    def groups(self):
        groups = [[]]
        for token, word in self._tokens():
            if word.lower() == "or":
                groups.append([])
            elif word and not (token.startswith("-") and len(token) > 1):
                groups[-1].append(word)
        return [group for group in groups if group]

    @property
    def words(self):
        return [word for group in self.groups for word in group]

    @property
    def excluded(self):
        return [word[1:] for token, word in self._tokens() if token.startswith("-") and len(word) > 1]


class SearchTermField(forms.CharField):
    def to_python(self, value):
        return tidy(super().to_python(value))


class SearchForm(forms.Form):
    q = SearchTermField(
        label="Search", min_length=MIN_LENGTH, max_length=MAX_LENGTH,
        error_messages={
            "required": "Enter a search term",
            "min_length": f"Search term must be {MIN_LENGTH} characters or more",
            "max_length": f"Search term must be {MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the page renders the GOV.UK search input itself; the helper gives the error summary
        self.helper = GdsFormHelper()
        self.helper.form_tag = False

    def clean_q(self):
        return Terms(self.cleaned_data["q"])


# ---------------------------------------------------------------------------
# matching, for the providers
# ---------------------------------------------------------------------------
def search_vector(*fields):
    """The searchable text of a row: the one expression both the GIN index and the query use."""
    return SearchVector(*fields, config=CONFIG)


class SearchIndex(GinIndex):
    """A GIN index on a model's search vector. Built on PostgreSQL only: SQLite has no tsvector
    (its search scans the rows), so there the index is a comment."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return f"-- {self.name}: PostgreSQL only"
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return f"-- {self.name}: PostgreSQL only"
        return super().remove_sql(model, schema_editor, **kwargs)


def search_index(name, fields):
    """The index for ``Meta.indexes`` of a model searched on ``fields`` (a tuple the provider uses too)."""
    return SearchIndex(search_vector(*fields), name=name)


def words_q(terms, fields):
    """Every word of a group in one of ``fields`` (ignoring case), no excluded word in any: the
    SQLite match."""
    def anywhere(word):
        return reduce(operator.or_, (Q(**{f"{name}__icontains": word}) for name in fields))

    if not terms.groups:
        return Q(pk__in=[])
    wanted = reduce(operator.or_, (reduce(operator.and_, map(anywhere, group)) for group in terms.groups))
    for word in terms.excluded:
        wanted &= ~anywhere(word)
    return wanted


_WORD = re.compile(r"[^\W_]+")


def prefix_query(terms):
    """The words as starts of words ("brook" finds "brookside"), in tsquery syntax built only
    from letters and digits (nothing a user types can break it): ``(a:* & b:*) | (c:*)``."""
    groups = []
    for group in terms.groups:
        parts = [f"{part}:*" for word in group for part in _WORD.findall(word)]
        if parts:
            groups.append("(" + " & ".join(parts) + ")")
    if not groups:
        return None
    return SearchQuery(" | ".join(groups), config=CONFIG, search_type="raw")


def matching(queryset, terms, fields, *, order=("pk",)):
    """The rows of ``queryset`` (already scoped to the user) whose ``fields`` match ``terms``,
    best first on PostgreSQL, then in ``order``. (Ordering by rank also keeps PostgreSQL on the
    GIN index: ordered by a plain column, it may walk that column's index and work out every
    row's vector, which across every area takes seconds.)"""
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(terms.text, config=CONFIG, search_type="websearch")
        prefixes = prefix_query(terms)
        if prefixes is not None:
            query = query | prefixes  # one tsquery: the GIN index answers both
            for word in terms.excluded:  # "-word" still excludes
                query = query & ~SearchQuery(word, config=CONFIG, search_type="plain")
        queryset = queryset.alias(search_vector=search_vector(*fields))
        queryset = queryset.alias(search_rank=SearchRank(F("search_vector"), query))
        return queryset.filter(search_vector=query).order_by("-search_rank", *order)
    return queryset.filter(words_q(terms, fields)).order_by(*order)


def first(queryset, limit):
    """(how many rows match, the first ``limit`` of them) in one query: the count is a window
    function over the whole match, computed before the limit."""
    rows = list(queryset.annotate(search_total=Window(Count("pk")))[:limit])
    return (rows[0].search_total if rows else 0), rows


def excerpt(text, terms, chars=SNIPPET_CHARS):
    """The passage of ``text`` around the first word of the query it contains (else its start),
    about ``chars`` long, on one line."""
    text = " ".join((text or "").split())
    if len(text) <= chars:
        return text
    folded = text.casefold()
    found = [i for i in (folded.find(word.casefold()) for word in terms.words) if i >= 0]
    start = max(0, min(found) - chars // 4) if found else 0
    if start:
        start = text.find(" ", start) + 1 or start  # begin on a word
    passage = Truncator(text[start:]).chars(chars)
    return ("…" if start else "") + passage


def mentions(text, terms):
    """Whether ``text`` holds a word of the query as typed (full-text search also matches other
    forms of a word: then the snippet is left out rather than shown without the word)."""
    folded = (text or "").casefold()
    return any(word.casefold() in folded for word in terms.words)


def shorten(text, chars=120):
    return Truncator(" ".join((text or "").split())).chars(chars)


# ---------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------
def providers():
    """Each feature app's ``search.provide``, in the order the apps are installed."""
    return [module.provide for config, module in app_modules("search") if config.name != "trusts"]


def run(*, user, terms, limit=LIMIT):
    """Every provider's kinds, in the order the apps are installed."""
    kinds = []
    for provide in providers():
        kinds.extend(provide(user, terms, limit))
    return kinds


# ---------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------
@login_required
@require_safe
def search(request):
    """The results page: the query (a GOV.UK error for a bad one), then each kind with results."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    kinds = run(user=request.user, terms=form.cleaned_data["q"]) if form.is_valid() else []
    found = [kind for kind in kinds if kind.count]
    return render(request, "trusts/search.html", {
        "form": form,
        "typed": tidy(request.GET.get("q", "")),  # shown back in the box, even when it is refused
        "query": form.cleaned_data["q"].text if form.is_valid() else "",
        "kinds": found,
        "total": sum(kind.count for kind in found),
        "limit": LIMIT,
    })
