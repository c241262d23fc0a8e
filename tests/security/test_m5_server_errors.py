"""Finding M-5: inputs that used to end as a server error answer 400 (or their ordinary answer)."""

import pytest

pytestmark = pytest.mark.django_db


def test_m5_nested_json_body_is_a_400_not_a_recursion_error(key_client):
    client = key_client("contacts:write")
    body = "[" * 950 + "]" * 950  # 1.9 kB
    response = client.post("/api/v1/contacts/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_m5_json_nested_deeper_than_the_limit_is_refused(key_client):
    client = key_client("contacts:write")
    body = '{"full_name": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"
    response = client.post("/api/v1/contacts/", body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("text", ["\\u0000", "\\ud800", "a\\udfffb"])
def test_m5_nul_and_lone_surrogates_in_json_are_a_400(key_client, text):
    client = key_client("contacts:write")
    body = '{"full_name": "x' + text + '", "country": "' + text + '"}'
    response = client.post("/api/v1/contacts/", body, content_type="application/json")
    assert response.status_code == 400


def test_m5_nul_in_any_query_value_is_a_400_naming_it(key_client):
    client = key_client("contacts:read")
    response = client.get("/api/v1/contacts/", {"foo": "\x00"})
    assert response.status_code == 400
    assert response.json()["parameters"] == ["foo"]


@pytest.mark.parametrize("url", ["/leads/?q=%00", "/schedule/?expo=%00", "/contacts/?q=a%00b"])
def test_m5_nul_in_page_queries_is_a_400(client, office_user, url):
    client.force_login(office_user)
    assert client.get(url).status_code == 400
