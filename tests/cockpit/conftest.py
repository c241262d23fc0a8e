from __future__ import annotations

import pytest

from tests.factories.cockpit import Scenario, build_scenario


@pytest.fixture
def scenario(db) -> Scenario:
    return build_scenario()


@pytest.fixture
def office_client(client, scenario):
    client.force_login(scenario.office)
    return client
