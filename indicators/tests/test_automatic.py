"""Automatic indicators: values counted from campaigns, pieces, mentions and incidents, through
the same roll-up as logged ones (the Python combination here, the SQL statement in the
PostgreSQL pass)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns.enums import CampaignStatus, PieceKind, PieceStatus
from campaigns.sources import CAMPAIGNS_DESIGNED, PIECES_PUBLISHED
from campaigns.tests.factories import CampaignFactory, ContentPieceFactory
from crisis.models import Incident
from crisis.sources import FIRST_NOTICE
from crisis.tests.factories import SeverityLevelFactory
from execution import services as logs
from execution.services import ValueInput
from indicators import automatic as source_registry
from indicators.automatic import ValueSource, automatic_month_rows, register_source, registered_sources
from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.models import Indicator
from indicators.signals import values_changed
from media.models import MediaMention
from media.sources import FREE_PRESS, MENTIONS
from media.tests.factories import MediaMentionFactory, OutletFactory
from plans.tests.factories import ChannelFactory, ComponentFactory, UserFactory
from rollups.models import RollupMark
from rollups.services import rollup_plan
from rollups.tests.test_rollup import activity, indicator, plan, pv, target  # noqa: F401  # fixtures

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
D = Decimal


def automatic(activity, source, **kwargs):  # noqa: F811
    return indicator(activity, source=source, target_derivation=TargetDerivation.REPEAT, **kwargs)


def _published(piece_kwargs, day, approver):
    piece = ContentPieceFactory(**piece_kwargs)
    piece.status = PieceStatus.PUBLISHED
    piece.approved_by = approver
    piece.approved_at = timezone.now()
    piece.published_on = day
    piece.save()
    return piece


def test_campaigns_designed_count_by_design_month(plan, activity):  # noqa: F811
    ind = automatic(activity, CAMPAIGNS_DESIGNED)
    target(ind, PeriodType.QUARTER, date(2025, 1, 1), "4")
    component = ComponentFactory(plan=plan)
    for day in (date(2025, 1, 10), date(2025, 1, 31), date(2025, 3, 2)):
        CampaignFactory(component=component, status=CampaignStatus.DESIGNED, designed_on=day)
    CampaignFactory(component=component, status=CampaignStatus.PLANNED, designed_on=None)  # not designed yet
    CampaignFactory(status=CampaignStatus.DESIGNED, designed_on=date(2025, 1, 12))  # another plan's
    rollup_plan(plan=plan)
    assert pv(ind, PeriodType.MONTH, date(2025, 1, 1)).value == 2
    assert pv(ind, PeriodType.MONTH, date(2025, 2, 1)).value is None
    q1 = pv(ind, PeriodType.QUARTER, date(2025, 1, 1))
    assert (q1.value, q1.target, q1.achievement) == (3, 4, D("75.00"))
    assert pv(ind, PeriodType.VIGENCIA, date(2025, 1, 1)).value == 3


def test_pieces_published_by_kind_and_channel(plan, activity, area_a, press_officer):  # noqa: F811
    web = ChannelFactory(entity=plan.entity, name="Página web")
    radio = ChannelFactory(entity=plan.entity, name="Radio")
    releases = automatic(activity, PIECES_PUBLISHED, source_piece_kind=PieceKind.PRESS_RELEASE)
    on_web = automatic(activity, PIECES_PUBLISHED, source_channel=web)
    everything = automatic(activity, PIECES_PUBLISHED)
    owner = UserFactory(entity=plan.entity)
    common = {"area": area_a, "owner": owner, "created_by": owner}
    _published({**common, "kind": PieceKind.PRESS_RELEASE, "channel": web}, date(2025, 5, 2), press_officer)
    _published({**common, "kind": PieceKind.PRESS_RELEASE, "channel": radio}, date(2025, 5, 20), press_officer)
    _published({**common, "kind": PieceKind.POST, "channel": web}, date(2025, 6, 1), press_officer)
    ContentPieceFactory(**common, kind=PieceKind.PRESS_RELEASE, channel=web, status=PieceStatus.DRAFT)  # not out
    rollup_plan(plan=plan)
    may, june = date(2025, 5, 1), date(2025, 6, 1)
    assert pv(releases, PeriodType.MONTH, may).value == 2
    assert pv(releases, PeriodType.MONTH, june).value is None
    assert pv(on_web, PeriodType.MONTH, may).value == 1
    assert pv(on_web, PeriodType.MONTH, june).value == 1
    assert pv(everything, PeriodType.QUARTER, date(2025, 4, 1)).value == 3


def test_mentions_and_their_free_press_value(plan, activity):  # noqa: F811
    mentions = automatic(activity, MENTIONS)
    value = automatic(activity, FREE_PRESS, unit=Unit.COP)
    outlet = OutletFactory(entity=plan.entity)
    MediaMentionFactory(outlet=outlet, date=date(2025, 7, 3), free_press_value=D("4200000"))
    MediaMentionFactory(outlet=outlet, date=date(2025, 7, 30), free_press_value=D("150000.50"))
    MediaMentionFactory(outlet=outlet, date=date(2025, 8, 1), free_press_value=D("0"))
    MediaMentionFactory(date=date(2025, 7, 3), free_press_value=D("999"))  # another entity's outlet
    rollup_plan(plan=plan)
    july = date(2025, 7, 1)
    assert pv(mentions, PeriodType.MONTH, july).value == 2
    assert pv(mentions, PeriodType.QUARTER, july).value == 3
    assert pv(value, PeriodType.MONTH, july).value == D("4350000.5")
    assert pv(value, PeriodType.YEAR, date(2025, 1, 1)).value == D("4350000.5")


def test_minutes_to_first_notice_average_in_the_month_of_bogota(plan, activity):  # noqa: F811
    ind = automatic(activity, FIRST_NOTICE, unit=Unit.MINUTES, aggregation=Aggregation.AVERAGE)
    severity = SeverityLevelFactory(protocol__entity=plan.entity)
    reporter = UserFactory(entity=plan.entity)

    def incident(started, minutes):
        return Incident.objects.create(
            entity=plan.entity,
            title="Caída del portal de trámites",
            started_at=started,
            severity=severity,
            affected_service="Portal de trámites",
            first_notice_at=None if minutes is None else started + timedelta(minutes=minutes),
            minutes_to_first_notice=minutes,
            created_by=reporter,
        )

    # 23:30 of 31 March in Bogotá is already 1 April in UTC: it counts for March.
    incident(datetime(2025, 3, 31, 23, 30, tzinfo=BOGOTA), 25)
    incident(datetime(2025, 3, 4, 8, 0, tzinfo=BOGOTA), 40)
    incident(datetime(2025, 4, 1, 0, 15, tzinfo=BOGOTA), 10)
    incident(datetime(2025, 3, 9, 8, 0, tzinfo=BOGOTA), None)  # no notice yet: not averaged
    rollup_plan(plan=plan)
    assert pv(ind, PeriodType.MONTH, date(2025, 3, 1)).value == D("32.5")
    assert pv(ind, PeriodType.MONTH, date(2025, 4, 1)).value == 10
    assert pv(ind, PeriodType.QUARTER, date(2025, 1, 1)).value == D("32.5")
    assert pv(ind, PeriodType.YEAR, date(2025, 1, 1)).value == D("25")


def test_a_new_record_marks_the_months_of_the_indicators_it_feeds(plan, activity):  # noqa: F811
    ind = automatic(activity, CAMPAIGNS_DESIGNED)
    other = automatic(activity, MENTIONS)
    campaign = CampaignFactory(
        component=ComponentFactory(plan=plan), status=CampaignStatus.DESIGNED, designed_on=date(2025, 2, 14)
    )
    assert set(RollupMark.objects.values_list("indicator_id", "month")) == {(ind.pk, date(2025, 2, 1))}
    campaign.designed_on = date(2025, 4, 2)
    campaign.save()
    # The month it left and the month it reached.
    assert set(RollupMark.objects.values_list("indicator_id", "month")) == {
        (ind.pk, date(2025, 2, 1)),
        (ind.pk, date(2025, 4, 1)),
    }
    assert not RollupMark.objects.filter(indicator=other).exists()


class TestValidation:
    def test_the_source_fixes_rule_and_unit(self, activity):  # noqa: F811
        ind = automatic(activity, FREE_PRESS, unit=Unit.COP)
        ind.aggregation, ind.unit = Aggregation.MAX, Unit.COUNT
        with pytest.raises(ValidationError) as error:
            ind.full_clean()
        assert "aggregation" in error.value.message_dict
        assert "Pesos colombianos" in error.value.message_dict["unit"][0]

    def test_piece_filters_only_for_published_pieces(self, activity):  # noqa: F811
        ind = automatic(activity, MENTIONS)
        ind.source_piece_kind = PieceKind.POST
        with pytest.raises(ValidationError) as error:
            ind.full_clean()
        assert "piezas publicadas" in error.value.message_dict["source"][0]

    def test_nobody_logs_an_automatic_indicator(self, plan, activity, lead_a):  # noqa: F811
        ind = automatic(activity, MENTIONS)
        with pytest.raises(ValidationError) as error:
            logs.log_record(
                user=lead_a,
                activity=activity,
                area=lead_a.area,
                date=date(2025, 3, 3),
                values={ind.pk: ValueInput(value=D(3))},
                description="Menciones del mes",
            )
        assert "no se reporta" in str(error.value)


def test_a_tariff_change_marks_the_free_press_months_it_revalues(plan, activity):  # noqa: F811
    from media.services import tariff_save
    from media.tests.factories import TariffFactory

    value = automatic(activity, FREE_PRESS, unit=Unit.COP)
    outlet = OutletFactory(entity=plan.entity)
    MediaMentionFactory(outlet=outlet, date=date(2025, 9, 9))
    RollupMark.objects.all().delete()
    tariff = TariffFactory.build(outlet=outlet, valid_from=date(2025, 1, 1))
    tariff_save(tariff=tariff)
    assert set(RollupMark.objects.values_list("indicator_id", "month")) == {(value.pk, date(2025, 9, 1))}


def test_the_incremental_run_counts_a_new_incident_in_its_bogota_month(plan, activity):  # noqa: F811
    from rollups.services import rollup_marked

    ind = automatic(activity, FIRST_NOTICE, unit=Unit.MINUTES, aggregation=Aggregation.MAX)
    rollup_plan(plan=plan)
    started = datetime(2025, 5, 31, 22, 0, tzinfo=BOGOTA)  # 1 June in UTC
    Incident.objects.create(
        entity=plan.entity,
        title="Fallo del correo institucional",
        started_at=started,
        severity=SeverityLevelFactory(protocol__entity=plan.entity),
        affected_service="Correo",
        first_notice_at=started + timedelta(minutes=18),
        minutes_to_first_notice=18,
        created_by=UserFactory(entity=plan.entity),
    )
    assert RollupMark.objects.filter(indicator=ind, month=date(2025, 5, 1)).exists()
    rollup_marked()
    assert pv(ind, PeriodType.MONTH, date(2025, 5, 1)).value == 18
    assert pv(ind, PeriodType.QUARTER, date(2025, 4, 1)).value == 18
    assert pv(ind, PeriodType.MONTH, date(2025, 6, 1)).value is None


def test_a_record_no_automatic_indicator_reads_costs_one_query_more(entity, django_assert_num_queries):
    outlet = OutletFactory(entity=entity)
    mention = MediaMentionFactory.build(outlet=outlet, entity=entity, date=date(2025, 7, 3))
    with django_assert_num_queries(2):  # the INSERT, and the look for indicators it feeds
        mention.save()
    mention.reach = 10
    with django_assert_num_queries(2):  # no earlier month is read when nothing is fed
        mention.save()
    assert not RollupMark.objects.exists()


# --- The registry ----------------------------------------------------------------------------------

REACH = ValueSource(
    key="alcance",
    label="Automático: alcance de las menciones",
    model=MediaMention,
    date_field="date",
    value_field="reach",
    entity_path="entity",
)


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry for one test: what the test registers is gone afterwards."""
    monkeypatch.setattr(source_registry, "_SOURCES", dict(source_registry._SOURCES))


@pytest.fixture
def announcements():
    """The marks of every values_changed sent during the test, one list per send."""
    sent = []

    def receiver(sender, marks, **kwargs):
        sent.append(marks)

    values_changed.connect(receiver, dispatch_uid="test-announcements")
    yield sent
    values_changed.disconnect(dispatch_uid="test-announcements")


class TestRegistry:
    def test_the_choices_are_the_logs_then_the_sources_the_apps_register(self):
        source = Indicator._meta.get_field("source")
        assert [key for key, _label in source.choices] == [
            "manual",
            "campanas",
            "piezas",
            "menciones",
            "free_press",
            "primer_aviso",
            "sug_recib",
            "sug_resp",
            "sug_dias",
            "soporte_rec",
            "soporte_hor",
            "enc_satisf",
            "enc_top",
            "capacitados",
            "asistencia",
            "adopcion",
        ]
        assert list(Indicator._meta.get_field("source_piece_kind").choices) == list(PieceKind.choices)

    def test_a_registered_source_is_listed_in_the_choices_and_counted(self, registry, plan, activity):  # noqa: F811
        register_source(REACH)
        assert ("alcance", "Automático: alcance de las menciones") in Indicator._meta.get_field("source").choices
        ind = automatic(activity, "alcance")
        ind.full_clean()
        outlet = OutletFactory(entity=plan.entity)
        MediaMentionFactory(outlet=outlet, date=date(2025, 7, 3), reach=1200)
        MediaMentionFactory(outlet=outlet, date=date(2025, 7, 9), reach=300)
        rows = automatic_month_rows([ind])
        assert rows == [(ind.pk, date(2025, 7, 1), 1500, 2, 1200, 2)]

    def test_an_unregistered_key_is_refused_naming_the_field(self, activity):  # noqa: F811
        ind = automatic(activity, "desconocido")
        with pytest.raises(ValidationError) as error:
            ind.full_clean()
        assert (
            "«origen de los valores»: «desconocido» no es una opción válida "
            "(manual, campanas, piezas, menciones, free_press, primer_aviso, sug_recib, sug_resp, sug_dias, "
            "soporte_rec, soporte_hor, enc_satisf, enc_top, capacitados, asistencia, adopcion)."
        ) in error.value.message_dict["source"]

    def test_registering_again_changes_nothing(self, registry, plan, activity, announcements):  # noqa: F811
        register_source(REACH)
        register_source(REACH)
        assert [source.key for source in registered_sources()].count("alcance") == 1
        ind = automatic(activity, "alcance")
        MediaMentionFactory(outlet=OutletFactory(entity=plan.entity), date=date(2025, 7, 3))
        # One announcement for the save, with the month once: one receiver per model.
        assert announcements == [[(ind.pk, date(2025, 7, 1))]]

    def test_another_source_under_a_taken_key_is_refused(self, registry):
        with pytest.raises(ValueError, match="menciones"):
            register_source(ValueSource(**{**REACH.__dict__, "key": MENTIONS}))
