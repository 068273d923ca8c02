"""The demo: MinTIC's campaigns and press releases, and a current month for the calendar."""

from collections import Counter
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaigns import demo
from campaigns.enums import PieceKind, PieceStatus
from campaigns.models import Campaign, ContentPiece, ElectionException, PieceTransition

pytestmark = pytest.mark.django_db


def test_demo_loads_mintic_history_and_a_month_of_pieces_once(monkeypatch):
    # One test: loading the seed plans is the slow part.
    call_command("load_demo", "--quiet-logins", stdout=StringIO())

    mintic = ContentPiece.objects.filter(area__entity__short_name="MinTIC", kind=PieceKind.PRESS_RELEASE)
    per_year = Counter(mintic.filter(status=PieceStatus.PUBLISHED).values_list("published_on__year", flat=True))
    assert sorted(per_year) == [2019, 2020, 2021, 2022]
    assert all(400 <= count <= 540 for count in per_year.values())
    campaigns = Campaign.objects.filter(component__plan__entity__short_name="MinTIC")
    # Three ATL/BTL, one internal and one digital campaign a quarter for four years.
    assert campaigns.count() == 5 * 4 * 4
    assert campaigns.filter(designed_on__year=2021).count() == 20
    # The paid ones during the 2022 presidential restriction carry a recorded exception.
    assert ElectionException.objects.filter(campaign__in=campaigns, window__name__contains="2022").exists()

    today = date(2026, 3, 18)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 18, 15, 0, tzinfo=ZoneInfo("America/Bogota")))
    first = demo.load(today=today)
    assert (first["campaigns"], first["releases"], first["pieces"]) == (0, 0, 2 * len(demo.MONTH_SPECS))
    march = ContentPiece.objects.filter(
        area__entity__short_name="Segovia", scheduled_on__range=(today.replace(day=1), date(2026, 3, 31))
    )
    assert set(march.values_list("status", flat=True)) == set(PieceStatus.values)
    published = march.get(status=PieceStatus.PUBLISHED)
    assert published.published_on == today and published.approved_by.username == "prensa.segovia"
    assert PieceTransition.objects.filter(piece=published).count() == 5
    assert demo.load(today=today) == {"windows": 0, "campaigns": 0, "releases": 0, "pieces": 0}
