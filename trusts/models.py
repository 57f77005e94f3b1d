"""Local areas (children's trusts), users and the one scoping rule."""
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from trusts.querysets import AreaQuerySet, AreaScopedQuerySet

la_code_validator = RegexValidator(r"^\d{3}$", "Enter a 3-digit DfE local authority code, like 873")
gss_code_validator = RegexValidator(
    r"^E(06|08|09|10)\d{6}$",
    "Enter an ONS GSS code for an English county or unitary-level authority, like E10000003",
)


def framework_choices():
    """The statutory frameworks, from the feature app that knows the law (trusts/features.py)."""
    from trusts.features import statutory_frameworks

    return statutory_frameworks().framework_choices()


class AuthorityType(models.TextChoices):
    COUNTY = "county", "County council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan district"
    LONDON = "london", "London borough"


# The GSS entity code fixes the kind of authority (ONS Register of Geographic Codes).
GSS_PREFIX_TYPES = {
    "E10": AuthorityType.COUNTY,
    "E06": AuthorityType.UNITARY,
    "E08": AuthorityType.METROPOLITAN,
    "E09": AuthorityType.LONDON,
}


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class Area(models.Model):
    """A local area: one children's services authority and its children's trust."""

    name = models.CharField(max_length=120)
    la_code = models.CharField("DfE LA code", max_length=3, unique=True, validators=[la_code_validator])
    gss_code = models.CharField("ONS GSS code", max_length=9, unique=True, validators=[gss_code_validator])
    authority_type = models.CharField(max_length=20, choices=AuthorityType.choices)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    director_name = models.CharField("Director of Children's Services", max_length=120, blank=True)
    director_email = models.EmailField("Director's e-mail address", blank=True)
    lead_member_name = models.CharField("Lead Member for Children's Services", max_length=120, blank=True)
    lead_member_email = models.EmailField("Lead Member's e-mail address", blank=True)
    framework = models.CharField(
        "statutory framework",
        max_length=40,
        blank=True,
        choices=framework_choices,
        help_text="Leave blank to follow the framework in force on the day.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "local area"
        indexes = [
            models.Index(fields=["authority_type"], name="area_authority_type_idx"),
            models.Index(fields=["region"], name="area_region_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.la_code})"

    @property
    def is_two_tier(self):
        """Counties have district councils beneath them; the other types are single-tier."""
        return self.authority_type == AuthorityType.COUNTY

    def effective_framework(self, day=None):
        """The framework the area runs under on a day, with why (chosen, or in force)."""
        from trusts.features import statutory_frameworks

        return statutory_frameworks().framework_for_area(self, day)

    def clean(self):
        expected = GSS_PREFIX_TYPES.get((self.gss_code or "")[:3])
        if expected and self.authority_type and expected != self.authority_type:
            raise ValidationError(
                {"gss_code": f"GSS code {self.gss_code} is for a {expected.label.lower()}, "
                             f"not a {AuthorityType(self.authority_type).label.lower()}"}
            )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("role", User.Role.STEWARD)
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        OFFICER = "officer", "Council officer"
        BOARD_MEMBER = "board_member", "Board member"
        PARTNER_CONTACT = "partner_contact", "Partner contact"
        STEWARD = "steward", "Data steward"

    # the roles a user holds in an area, through a Membership
    AREA_ROLES = (Role.OFFICER, Role.BOARD_MEMBER, Role.PARTNER_CONTACT)

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=120)
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Only data stewards may use the admin site.")
    date_joined = models.DateTimeField(default=timezone.now)
    # account life (trusts.accounts): the latest invitation (a newer one voids older links),
    # and when the account was closed because the person's last access ended
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    access_ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_staff=False) | models.Q(role="steward"),
                name="user_only_stewards_are_staff",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        # the admin greets "Welcome, <short name>": a first word may be a title ("Dr")
        return self.full_name or self.email

    class AccountStatus(models.TextChoices):
        NOT_INVITED = "not_invited", "Not invited"
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    @property
    def account_status(self):
        """Invited until they set a password from the link; closed when deactivated."""
        if not self.is_active:
            return self.AccountStatus.CLOSED
        if self.has_usable_password():
            return self.AccountStatus.ACTIVE
        return self.AccountStatus.INVITED if self.invited_at else self.AccountStatus.NOT_INVITED

    @property
    def is_steward(self):
        return self.role == self.Role.STEWARD

    @property
    def is_officer(self):
        return self.role == self.Role.OFFICER

    @property
    def is_board_member(self):
        return self.role == self.Role.BOARD_MEMBER

    @property
    def is_partner_contact(self):
        return self.role == self.Role.PARTNER_CONTACT


class Membership(models.Model):
    """Links a user to an area they may see. Boards and partners add and remove
    board-member and partner-contact memberships; officers are linked here."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="memberships")
    # the role the membership gives in the area: any role but a steward's (stewards are national)
    role = models.CharField(max_length=20, choices=[(r.value, r.label) for r in User.AREA_ROLES])
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area", "role"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["area", "role"], name="membership_area_role_idx")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.area}"


class Direction(models.Model):
    """A reserve-power direction to an area whose arrangements are "not operating
    successfully" (DCSF note 2008, para 11 and 43)."""

    class Arrangement(models.TextChoices):
        PARTNERSHIP = "partnership", "Cooperation arrangements (s10)"
        BOARD = "board", "Children's Trust Board"
        PLAN = "plan", "Children and Young People's Plan"
        POOLING = "pooling", "Pooled budgets"
        OTHER = "other", "Other arrangements"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESPONDED = "responded", "Response received"
        CLOSED = "closed", "Closed"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="directions")
    objects = AreaScopedQuerySet.as_manager()
    arrangement = models.CharField("arrangement concerned", max_length=20, choices=Arrangement.choices)
    reason = models.TextField("why the arrangements are not operating successfully")
    required_action = models.TextField("what must be done")
    due_by = models.DateField("by when")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at"]
        indexes = [
            models.Index(fields=["area", "status"], name="direction_area_status_idx"),
            models.Index(fields=["status", "due_by"], name="direction_status_due_idx"),
        ]

    def __str__(self):
        return f"Direction to {self.area.name}: {self.get_arrangement_display()} by {self.due_by:%d %b %Y}"

    @property
    def is_overdue(self):
        return self.status != self.Status.CLOSED and self.due_by < timezone.localdate()


class DirectionResponse(models.Model):
    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, related_name="responses")
    responder = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("response")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]


class FrameworkChange(models.Model):
    """A framework scheduled by a steward to come into force for all or chosen areas on a date."""

    framework = models.CharField(max_length=40, choices=framework_choices)
    effective_on = models.DateField("comes into force on")
    all_areas = models.BooleanField(default=True)
    areas = models.ManyToManyField(Area, blank=True, related_name="framework_changes")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["effective_on"]
        indexes = [models.Index(fields=["applied_at", "effective_on"], name="fwchange_due_idx")]

    def __str__(self):
        return f"{self.get_framework_display()} from {self.effective_on:%d %B %Y}"
