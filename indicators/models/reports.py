from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .catalogue import DECIMAL_PLACES, MAX_DIGITS, Indicator
from .guard import refuse_outside_store
from .regions import Region

FIRST_YEAR = 2000
LAST_YEAR = 2100


def _year_in_range(field: str = "year") -> models.Q:
    return models.Q(**{f"{field}__gte": FIRST_YEAR, f"{field}__lte": LAST_YEAR})


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("退回")


class Source(models.TextChoices):
    FORM = "form", _("表单")
    IMPORT = "import", _("导入")
    API = "api", _("接口")
    SEED = "seed", _("演示数据")
    # Channels of the exchange standards and of old reports read back (issues 20, 23).
    PAST_REPORT = "report", _("历年报告")
    SDMX = "sdmx", "SDMX"
    ADX = "adx", "ADX"
    # A unit change of the catalogue, converting the figures already entered (issue 19).
    CONVERSION = "conversion", _("单位换算")


class ReportQuerySet(models.QuerySet):
    def within(self, region: Region) -> "ReportQuerySet":
        low, high = region.bounds
        return self.filter(region_id__gte=low, region_id__lte=high)

    def year_in_progress(self, *, until: int) -> int | None:
        """The latest year up to ``until`` that still has figures waiting for approval."""
        return (
            self.exclude(status=Status.APPROVED)
            .filter(year__lte=until)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )

    def year_awaiting_review(self) -> int | None:
        """The latest year with a report submitted to the county and not yet decided."""
        return (
            self.filter(status=Status.SUBMITTED)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )

    def for_progress_page(self, county: Region, year: int) -> "ReportQuerySet":
        """A county's reports of a year with figures filled and who changed one last.

        One query whatever the number of towns; the towns without a report are the
        caller's to add.
        """
        latest = DataValue.objects.filter(report=models.OuterRef("pk")).order_by("-updated_at")
        return (
            self.within(county)
            .filter(year=year)
            .annotate(
                filled=models.Count("values"),
                last_value_change=models.Max("values__updated_at"),
                last_changed_by=models.Subquery(latest.values("changed_by__first_name")[:1]),
                last_changed_by_username=models.Subquery(latest.values("changed_by__username")[:1]),
            )
            .order_by("region_id")
        )


class Report(models.Model):
    """A town's figures for one year, and where they stand in the review workflow."""

    region = models.ForeignKey(
        Region, verbose_name=_("镇"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Bumped on every change of a figure, so that a form saved from a stale page
    # is refused instead of silently overwriting another person's work.
    version = models.PositiveIntegerField(_("版本"), default=0)
    updated_at = models.DateTimeField(_("最后修改"), auto_now=True, db_index=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "year"]
        verbose_name = _("年度填报")
        verbose_name_plural = _("年度填报")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="report_region_year_unique"),
            models.CheckConstraint(condition=_year_in_range(), name="report_year_in_range"),
            models.CheckConstraint(
                condition=models.Q(status__in=[choice.value for choice in Status]),
                name="report_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"

    @property
    def is_locked(self) -> bool:
        """Approved figures are locked until a county official reopens them."""
        return self.status == Status.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class ReportTransition(models.Model):
    """Who moved a report from one status to another, when and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("原状态"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT
    )
    reason = models.TextField(_("理由"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")

    def __str__(self) -> str:
        return f"{self.report}: {self.from_status} → {self.to_status}"


class _InReports(models.Func):
    """``report_id IN (reports changed since …)``, written on PostgreSQL as
    ``= ANY(ARRAY(…))``: an init plan run once, so that OR-ed with the figures' own
    time both sides use an index (an IN subquery under OR scans every figure)."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, since):
        changed = Report.objects.filter(updated_at__gte=since).values("pk")
        super().__init__(models.F("report_id"), models.Subquery(changed))

    def as_sql(self, compiler, connection, **extra):
        (report, report_params), (changed, changed_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        if connection.vendor == "postgresql":
            return f"{report} = ANY(ARRAY{changed})", (*report_params, *changed_params)
        return f"{report} IN {changed}", (*report_params, *changed_params)


class DataValueQuerySet(models.QuerySet):
    # Writes only inside the store (indicators/models/guard.py); reads are free.
    def create(self, **kwargs):
        refuse_outside_store("create")
        return super().create(**kwargs)

    def bulk_create(self, *args, **kwargs):
        refuse_outside_store("bulk_create")
        return super().bulk_create(*args, **kwargs)

    def bulk_update(self, *args, **kwargs):
        refuse_outside_store("bulk_update")
        return super().bulk_update(*args, **kwargs)

    def update(self, **kwargs):
        refuse_outside_store("update")
        return super().update(**kwargs)

    def delete(self):
        refuse_outside_store("delete")
        return super().delete()

    delete.alters_data = True

    def _raw_delete(self, using):
        refuse_outside_store("_raw_delete")
        return super()._raw_delete(using)

    def changed_since(self, moment) -> "DataValueQuerySet":
        """Figures changed at or after ``moment``, or whose report (its status) did."""
        return self.filter(models.Q(updated_at__gte=moment) | models.Q(_InReports(moment)))

    def within(self, region: Region) -> "DataValueQuerySet":
        low, high = region.bounds
        return self.filter(report__region_id__gte=low, report__region_id__lte=high)

    def years(self, first: int | None = None, last: int | None = None) -> "DataValueQuerySet":
        if first is not None:
            self = self.filter(report__year__gte=first)
        if last is not None:
            self = self.filter(report__year__lte=last)
        return self

    def approved(self) -> "DataValueQuerySet":
        return self.filter(report__status=Status.APPROVED)

    def for_rules(self, region: Region, years: list[int]) -> "DataValueQuerySet":
        """(town, year, indicator, value, comment, comment_outdated) rows that the
        plausibility rules read."""
        return self.within(region).filter(report__year__in=years)._rule_rows()

    def for_rules_of(self, towns: set[str], years: set[int]) -> "DataValueQuerySet":
        """The same rows for the towns and years an import touches (and the years before)."""
        years = set(years) | {year - 1 for year in years}
        return self.filter(report__region_id__in=towns, report__year__in=years)._rule_rows()

    def _rule_rows(self) -> "DataValueQuerySet":
        return self.values_list(
            "report__region_id",
            "report__year",
            "indicator_id",
            "value",
            "comment",
            "comment_outdated",
        ).order_by()

    def for_dashboard(
        self, region: Region, first: int, last: int, indicators: list[str]
    ) -> "DataValueQuerySet":
        """Flat rows for the dashboard pages: one query for a county's towns × years.

        Rows are (indicator, town, year, status, value) tuples, so no model objects
        and no joins beyond the report's.
        """
        return (
            self.within(region)
            .years(first, last)
            .filter(indicator_id__in=indicators)
            .values_list(
                "indicator_id", "report__region_id", "report__year", "report__status", "value"
            )
            .order_by()
        )


class _FigureHistory(HistoricalRecords):
    """The figures' history table with the indexes its readers use, and no others.

    Read by report (``report_id``: the history page, stale diffs, the Excel preview,
    removal of a fixture), by figure (``id``: the admin's history of one figure) and
    newest first (``history_date``: the admin's list). Never by who made the change,
    by indicator alone or by the figure's own date: those indexes cost a bulk write
    more than half of its history insert, with no reader (EXPLAIN at province scale).
    """

    def _get_history_user_fields(self):
        fields = super()._get_history_user_fields()
        for field in fields.values():
            if isinstance(field, models.ForeignKey):
                field.db_index = False
        return fields


class DataValue(models.Model):
    """One figure for (indicator, town, year). No row means no value, which is not 0."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="values")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("数值"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    comment = models.TextField(_("备注"), blank=True)
    # The figure changed in a later write than its comment: the comment was written
    # for an earlier figure and does not explain this one's change (indicators/figures/rules.py).
    comment_outdated = models.BooleanField(_("备注早于数字"), default=False)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True, db_index=True)
    # The report version this write produced: "changed since version N" is then
    # exact, for the stale-page diff and the per-field merge of the entry form.
    version = models.PositiveIntegerField(_("版本"), default=0)

    history = _FigureHistory(
        verbose_name=_("数值历史"),
        # Not read by any query, and paid on every figure written (see _FigureHistory).
        no_db_index=["changed_by", "indicator", "updated_at"],
        # Like the record's other references (simple-history leaves them unconstrained):
        # the writer is the signed-in user the store is given, and a user removed through
        # Django still has their records' history_user set to NULL. Checked in the
        # database, it was one deferred trigger call per figure at COMMIT.
        user_db_constraint=False,
    )
    objects = DataValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("数值")
        verbose_name_plural = _("数值")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="datavalue_one_per_indicator_town_year"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="datavalue_non_negative"),
        ]

    def __str__(self) -> str:
        # Ids only: the admin labels every row of the history list with this, and a
        # history record's object has no related rows loaded.
        return f"{self.indicator_id} #{self.report_id} = {self.value}"

    def save(self, *args, **kwargs):
        refuse_outside_store("save")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_outside_store("delete")
        return super().delete(*args, **kwargs)


class TargetQuerySet(models.QuerySet):
    def within(self, region: Region) -> "TargetQuerySet":
        low, high = region.bounds
        return self.filter(region_id__gte=low, region_id__lte=high)

    def for_dashboard(self, region: Region, first: int, last: int) -> "TargetQuerySet":
        """(indicator, region, year, value) rows of a region's subtree, for the dashboards."""
        return (
            self.within(region)
            .filter(year__gte=first, year__lte=last)
            .values_list("indicator_id", "region_id", "year", "value")
            .order_by()
        )


class Target(models.Model):
    """The annual goal for an indicator in a region (a town or a county)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    comment = models.TextField(_("备注"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True, db_index=True)

    history = HistoricalRecords(verbose_name=_("目标历史"))
    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "region", "year"]
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"], name="target_one_per_indicator_region_year"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_non_negative"),
            models.CheckConstraint(condition=_year_in_range(), name="target_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.year} → {self.value}"
