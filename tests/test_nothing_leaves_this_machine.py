"""The suite's own guard: a connection to anywhere but this machine is refused and named."""

import socket

import pytest

from tests import conftest


def test_a_connection_off_this_machine_is_refused_and_named():
    before = len(conftest._left_the_machine)
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="192.0.2.10"):
        sock.connect(("192.0.2.10", 443))
    assert conftest._left_the_machine[before:] == ["192.0.2.10"]
    del conftest._left_the_machine[before:]  # this test's own attempt is not a leak


def test_a_connection_to_this_machine_goes_through():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.socket() as client:
            client.connect(server.getsockname())
