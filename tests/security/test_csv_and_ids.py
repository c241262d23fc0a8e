"""Findings Low (CSV neutralisation) and M-5 (non-ASCII digits, unsafe ``next``)."""

import csv
import io

import pytest

from cockpit.report import _csv_safe
from common.http import parse_id
from delegations.exports import neutralise_cell
from exhibitors.services.leads import safe_cell
from tests.factories import ExhibitorMembershipFactory


def csv_line(*cells: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([*cells, "ok"])
    return out.getvalue()


@pytest.mark.parametrize("payload", ["＝1+1", "＋1", "－2", "＠SUM(A1)", "  =1", "\n=1", " ＝HYPERLINK()"])
def test_low_csv_full_width_signs_neutralised_in_every_export(payload):
    assert neutralise_cell(payload) == "'" + payload
    assert safe_cell(payload) == "'" + payload
    assert next(csv.reader(io.StringIO(_csv_safe(csv_line(payload)))))[0] == "'" + payload


def test_low_csv_phone_numbers_and_plain_text_unchanged():
    assert neutralise_cell("+493012345678") == "+493012345678"
    assert neutralise_cell("王小明") == "王小明"


@pytest.mark.parametrize("raw", ["²", "１", "٣", "", None, "0", "-1", "9" * 30])
def test_m5_non_ascii_digits_are_no_id(raw):
    assert parse_id(raw) is None


@pytest.mark.django_db
def test_m5_superscript_digit_is_no_server_error(client, django_user_model):
    user = django_user_model.objects.create_user("sec-digit", password="pw-secret-1")
    client.force_login(user)
    response = client.post("/exhibitor/switch/", {"exhibitor": "²"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_m5_next_abc_on_exhibitor_switch_is_no_server_error(client):
    membership = ExhibitorMembershipFactory()
    client.force_login(membership.user)
    response = client.post("/exhibitor/switch/", {"exhibitor": membership.exhibitor.pk, "next": "abc"})
    assert response.status_code == 302
    assert response["Location"] == f"/exhibitors/{membership.exhibitor.pk}/profile/"
