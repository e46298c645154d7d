"""Fixtures for the test API server's own tests."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Integration"))

from harness import FakeCluster  # noqa: E402
from kclient import Client  # noqa: E402



@pytest.fixture(scope="session")
def srv():
    s = FakeCluster(seed="standard", tick=0.05).start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def fresh():
    s = FakeCluster(seed="standard", tick=0.05).start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def client(srv):
    made = []

    def make(user="admin", server=None):
        c = Client(server or srv, user)
        made.append(c)
        return c
    yield make
    for c in made:
        c.close()


@pytest.fixture
def admin(client):
    return client("admin")


@pytest.fixture
def make_server_client():
    made = []

    def make(user="admin", **flags):
        s = FakeCluster(**flags).start()
        c = Client(s, user)
        made.append((s, c))
        return s, c
    yield make
    for s, c in made:
        c.close()
        s.stop()
