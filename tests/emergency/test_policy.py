from __future__ import annotations

from acollida.core import policy
from acollida.emergency.models import Arrival, Operation
from tests.conftest import Network
from tests.emergency.helpers import declare, register


def test_coordinators_see_every_operation_and_lead_staff_theirs(network: Network) -> None:
    operation = declare(network)
    for name, sees in [
        ("coordinator", True),
        ("caseworker", True),
        ("ngo_caseworker", False),
        ("volunteer", False),
    ]:
        visible = policy.operations_visible_to(network.users[name], Operation.objects.all())
        assert (operation in visible) is sees, name


def test_unaccompanied_minors_are_hidden_from_ordinary_staff(network: Network) -> None:
    operation = declare(network)
    register(network, operation, "W1")
    register(network, operation, "W2", unaccompanied_minor=True)
    caseworker = policy.arrivals_visible_to(network.users["caseworker"], Arrival.objects.all())
    coordinator = policy.arrivals_visible_to(network.users["coordinator"], Arrival.objects.all())
    assert [a.wristband for a in caseworker] == ["W1"]
    assert sorted(a.wristband for a in coordinator) == ["W1", "W2"]


def test_only_coordinators_manage_operations(network: Network) -> None:
    assert policy.may_manage_operations(network.users["coordinator"])
    assert not policy.may_manage_operations(network.users["caseworker"])
