"""pytest fixtures: a test API server and helpers that run kubectl-odh / kubectl against it.

Fixtures
  server        session-scoped FakeCluster (seed "standard", tick 0.05 s); shared: call server.reset() if you
                need the seed state back, server.clear_faults() after injecting faults.
  fresh_server  a FakeCluster of its own for one test (seed "standard").
  module_server a FakeCluster of its own for one test module (seed "standard"), for tests that change
                the seeded namespaces' state (jobs counted by a quota) without paying a start per test.
  make_server   factory: make_server(seed="none", no_mpijob_crd=True, tick=0.02) -> started FakeCluster,
                stopped after the test.
  odh           odh(*args, context=None, stdin=None, env=None, timeout=60, kubeconfig=None) -> Result
                runs the binary against `server` with --kubeconfig added.
  kubectl       the same for /usr/bin/kubectl (skips the test when kubectl is missing).
  run_in_pty    harness.run_in_pty(argv, input_bytes, env, timeout, expect=None) -> PtyResult.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import FakeCluster, kubectl_binary, odh_binary  # noqa: E402


@pytest.fixture(scope="session")
def server():
    srv = FakeCluster(seed="standard", tick=0.05).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def fresh_server():
    srv = FakeCluster(seed="standard", tick=0.05).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def module_server():
    if not odh_binary().exists():
        pytest.fail("kubectl-odh binary not found at %s: build it first (swift build) or set ODH_BIN" % odh_binary())
    srv = FakeCluster(seed="standard", tick=0.05).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def make_server():
    started = []

    def factory(**flags):
        srv = FakeCluster(**flags).start()
        started.append(srv)
        return srv

    try:
        yield factory
    finally:
        for s in started:
            s.stop()


@pytest.fixture
def odh_bin():
    p = odh_binary()
    if not p.exists():
        pytest.fail("kubectl-odh binary not found at %s: build it first (swift build) or set ODH_BIN" % p)
    return p


@pytest.fixture
def odh(server, odh_bin):
    def run(*args, **kw):
        return server.odh(*args, **kw)
    return run


@pytest.fixture
def kubectl(server):
    if kubectl_binary() is None:
        pytest.skip("kubectl is not installed")

    def run(*args, **kw):
        return server.kubectl(*args, **kw)
    return run


@pytest.fixture
def run_in_pty():
    return harness.run_in_pty
