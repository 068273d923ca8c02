from datetime import date

import factory

from campaigns.enums import CampaignKind, CampaignStatus, PieceKind, PieceStatus
from campaigns.models import Campaign, ContentPiece, ElectoralWindow
from plans.enums import ChannelLine
from plans.tests.factories import AreaFactory, ChannelFactory, ComponentFactory, UserFactory


class ElectoralWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectoralWindow

    name = "Elecciones de autoridades locales"
    election_date = date(2027, 10, 31)
    starts_on = date(2027, 6, 30)
    ends_on = date(2027, 10, 31)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaña {n}")
    kind = CampaignKind.DIGITAL
    component = factory.SubFactory(ComponentFactory)
    area = factory.SubFactory(AreaFactory, entity=factory.SelfAttribute("..component.plan.entity"))
    objective = "Dar a conocer los trámites en línea."
    starts_on = date(2025, 3, 1)
    ends_on = date(2025, 3, 31)
    status = CampaignStatus.PLANNED
    budget = 0


class ContentPieceFactory(factory.django.DjangoModelFactory):
    """A piece in status ``idea`` of an activity-less campaign; pass ``area`` and ``owner``."""

    class Meta:
        model = ContentPiece

    title = factory.Sequence(lambda n: f"Pieza {n}")
    kind = PieceKind.PRESS_RELEASE
    area = factory.SubFactory(AreaFactory)
    owner = factory.SubFactory(UserFactory, entity=factory.SelfAttribute("..area.entity"))
    created_by = factory.SelfAttribute("owner")
    channel = factory.SubFactory(ChannelFactory, entity=factory.SelfAttribute("..area.entity"), line=ChannelLine.NONE)
    campaign = factory.SubFactory(
        CampaignFactory,
        area=factory.SelfAttribute("..area"),
        component__plan__entity=factory.SelfAttribute("...area.entity"),
    )
    scheduled_on = date(2025, 3, 14)
    status = PieceStatus.IDEA
