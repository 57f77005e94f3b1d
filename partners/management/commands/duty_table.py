from django.core.management.base import BaseCommand, CommandError

from partners import law

WORDS = {law.YES: "yes", law.NO: "no", law.ENGAGE: "engaged", law.IF_TWO_TIER: "if two-tier",
         law.IF_FUNDING_AGREEMENT: "if agreement", law.IF_BOARD_PLAN: "if board plan",
         law.IF_TWO_TIER_BOARD_PLAN: "if two-tier, board plan"}
HEADS = {"cooperate": "Cooperate (s10)", "regard": "Regard to plan", "pool": "Pool (s10)",
         "delegate": "Delegate (s75)"}


class Command(BaseCommand):
    help = ("Print the section 10 duty table as the application derives it: organisation type x duty for each "
            "framework, every cell with a numbered source.")

    def add_arguments(self, parser):
        parser.add_argument("--framework", help="Only this framework: " + ", ".join(law.FRAMEWORKS_BY_CODE))

    def handle(self, *args, framework=None, **options):
        if framework and framework not in law.FRAMEWORKS_BY_CODE:
            raise CommandError(f"Unknown framework {framework!r}: choose one of {', '.join(law.FRAMEWORKS_BY_CODE)}")
        for fw in law.FRAMEWORKS:
            if not framework or fw.code == framework:
                self.stdout.write(format_framework(fw))


def _dates(fw):
    if fw.in_force_from is None:
        closes = f"; comments by {fw.consultation_closes:%d %b %Y}" if fw.consultation_closes else ""
        return f"never in force (proposals{closes})"
    if fw.in_force_to:
        return f"in force {fw.in_force_from:%d %b %Y} to {fw.in_force_to:%d %b %Y}"
    return f"in force from {fw.in_force_from:%d %b %Y}"


def format_framework(fw):
    """The table for one framework as text: cells read 'yes [3]', sources listed under it."""
    rules = law.RULES[fw.code]
    numbers = {}
    grid = []
    for org in law.ORG_TYPES:
        cells = []
        for duty in law.DUTIES:
            cell = rules[org.code][duty]
            n = numbers.setdefault(cell.source, len(numbers) + 1)
            cells.append(f"{WORDS[cell.value]} [{n}]")
        grid.append((org.label, cells))
    first = max(len("Organisation type"), *(len(label) for label, _ in grid))
    widths = [max(len(HEADS[d]), *(len(cells[i]) for _, cells in grid)) for i, d in enumerate(law.DUTIES)]
    lines = [
        f"== {fw.code}: {fw.name}",
        f"   {_dates(fw)}; statutory board: {'yes' if fw.board_statutory else 'no'}; "
        f"plan owned by the {fw.plan_owner}; plan required: {'yes' if fw.plan_required else 'no'}",
        f"   Source: {fw.source}",
        "",
        "Organisation type".ljust(first) + " | " + " | ".join(HEADS[d].ljust(w) for d, w in zip(law.DUTIES, widths)),
        "-" * first + "-+-" + "-+-".join("-" * w for w in widths),
    ]
    for label, cells in grid:
        lines.append(label.ljust(first) + " | " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
    lines.append("")
    lines.append("Sources:")
    lines.extend(f"  [{n}] {source}" for source, n in numbers.items())
    lines.append("")
    return "\n".join(lines)
