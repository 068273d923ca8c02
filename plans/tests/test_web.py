"""IdUrl gives the address reverse() gives, for any id, after reversing once."""

import pytest
from django.urls import NoReverseMatch, reverse

from plans.web import IdUrl


def test_id_url_writes_the_address_reverse_writes():
    address = IdUrl("plans:plan_document_pdf")

    assert [address(pk) for pk in (1, 42, 2_147_483_647)] == [
        reverse("plans:plan_document_pdf", args=[pk]) for pk in (1, 42, 2_147_483_647)
    ]


def test_id_url_refuses_a_name_without_one_id():
    with pytest.raises(NoReverseMatch):
        IdUrl("home")
