"""Watch streams: framing, resourceVersion semantics, initial events, bookmarks, 410, selectors, drops."""

import json
import re
import time

import pytest

import golden
from kclient import Client
from test_mpijobs import golden_body


NS = "/apis/kubeflow.org/v2beta1/namespaces/%s/mpijobs"


def test_watch_of_a_job_life_like_golden(fresh):
    c = Client(fresh, "admin")
    real = golden.load(10)
    rv = c.get(NS % "golden").json()["metadata"]["resourceVersion"]
    st = c.stream(NS % "golden" + "?watch=1&allowWatchBookmarks=true&resourceVersion=" + rv)
    assert st.status == 200
    assert st.headers["content-type"] == real.headers["content-type"] == "application/json"
    assert st.headers["transfer-encoding"] == real.headers["transfer-encoding"] == "chunked"
    c.request("POST", NS % "golden", body=golden_body("life2", "1"))
    lines = st.lines(seconds=6)
    st.close()
    events = [json.loads(x) for x in lines]
    assert all(x.endswith(b"\n") and x.count(b"\n") == 1 for x in lines)
    assert all(list(e) == ["type", "object"] for e in events)
    jobs = [e for e in events if e["type"] != "BOOKMARK"]
    assert jobs[0]["type"] == "ADDED" and "status" not in jobs[0]["object"]
    assert all(e["type"] == "MODIFIED" for e in jobs[1:])
    rvs = [int(e["object"]["metadata"]["resourceVersion"]) for e in jobs]
    assert rvs == sorted(rvs) and len(set(rvs)) == len(rvs)
    final = jobs[-1]["object"]["status"]
    real_final = real.lines()[-1]["object"]["status"]
    assert [(x["type"], x["status"], x["reason"]) for x in final["conditions"]] == [
        (x["type"], x["status"], x["reason"]) for x in real_final["conditions"]]
    assert final["replicaStatuses"] == real_final["replicaStatuses"]
    real_types = [e["type"] for e in real.lines()]
    assert real_types[0] == "ADDED" and set(real_types[1:]) == {"MODIFIED"}
    bms = [e for e in events if e["type"] == "BOOKMARK"]
    assert bms, "bookmarks every second were asked for"
    assert bms[0]["object"] == {"apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
                                "metadata": {"resourceVersion": bms[0]["object"]["metadata"]["resourceVersion"]}}
    c.close()


def test_initial_events_like_golden(admin):
    real = golden.load(42).lines()
    st = admin.stream(NS % "golden" + "?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                                      "&allowWatchBookmarks=true")
    events = st.events(seconds=1.5)
    st.close()
    names = [e["object"]["metadata"]["name"] for e in events if e["type"] == "ADDED"]
    assert names == sorted(names) and {"failed", "life", "oom", "pending", "pull", "running"} <= set(names)
    first_bm = [i for i, e in enumerate(events) if e["type"] == "BOOKMARK"][0]
    assert all(e["type"] == "ADDED" for e in events[:first_bm])
    bm = events[first_bm]["object"]
    rbm = real[-1]["object"]
    assert bm["metadata"]["annotations"] == rbm["metadata"]["annotations"]
    assert list(bm) == list(rbm) and list(bm["metadata"]) == list(rbm["metadata"])


def test_send_initial_events_needs_bookmarks(admin):
    r = admin.get(NS % "golden" + "?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan")
    assert r.status == 422
    assert "sendInitialEvents requires setting allowWatchBookmarks to true" in r.json()["message"]


def test_too_old_watch_like_golden(fresh):
    c = Client(fresh, "admin")
    real = golden.load(43)
    fresh.compact()
    st = c.stream(NS % "golden" + "?watch=1&resourceVersion=1")
    lines = st.lines(seconds=3)
    st.close()
    assert st.status == real.code == 200
    assert len(lines) == 1
    ev = json.loads(lines[0])
    want = real.lines()[0]
    assert re.match(r"^too old resource version: 1 \(\d+\)$", ev["object"]["message"])
    ev["object"]["message"] = want["object"]["message"]
    assert ev == want
    c.close()


def test_replay_from_a_resource_version_has_no_loss_and_no_duplicates(fresh):
    c = Client(fresh, "admin")
    live = c.stream(NS % "team-a" + "?watch=true&resourceVersion=" +
                    c.get(NS % "team-a").json()["metadata"]["resourceVersion"])
    start = c.get(NS % "team-a").json()["metadata"]["resourceVersion"]
    for i in range(5):
        c.request("POST", NS % "team-a", body=golden_body("replay-%d" % i, "0.5"))
    c.request("DELETE", NS % "team-a" + "/replay-0")
    time.sleep(2.5)
    seen_live = [(e["type"], e["object"]["metadata"]["name"], e["object"]["metadata"]["resourceVersion"])
                 for e in live.events(seconds=1)]
    live.close()
    replay = c.stream(NS % "team-a" + "?watch=true&resourceVersion=" + start)
    seen_replay = [(e["type"], e["object"]["metadata"]["name"], e["object"]["metadata"]["resourceVersion"])
                   for e in replay.events(seconds=1.5)]
    replay.close()
    assert seen_live and seen_replay == seen_live
    assert len(set(seen_replay)) == len(seen_replay)
    assert ("DELETED", "replay-0") in [(t, n) for t, n, _ in seen_replay]
    mid = seen_replay[len(seen_replay) // 2][2]
    again = c.stream(NS % "team-a" + "?watch=true&resourceVersion=" + mid)
    tail = [(e["type"], e["object"]["metadata"]["name"], e["object"]["metadata"]["resourceVersion"])
            for e in again.events(seconds=1)]
    again.close()
    assert tail == [x for x in seen_replay if int(x[2]) > int(mid)]
    c.close()


def test_watch_without_rv_starts_with_the_current_state(admin):
    st = admin.stream(NS % "team-a" + "?watch=1&fieldSelector=metadata.name%3Dpi")
    events = st.events(n=1, seconds=3)
    st.close()
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [("ADDED", "pi")]


def test_label_selector_watch_turns_changes_into_added_and_deleted(fresh):
    c = Client(fresh, "admin")
    rv = c.get(NS % "team-a").json()["metadata"]["resourceVersion"]
    st = c.stream(NS % "team-a" + "?watch=1&labelSelector=stage%3Dhot&resourceVersion=" + rv)
    patch = {"Content-Type": "application/merge-patch+json"}
    c.request("PATCH", NS % "team-a" + "/pi", body={"metadata": {"labels": {"stage": "hot"}}}, headers=patch)
    c.request("PATCH", NS % "team-a" + "/pi", body={"metadata": {"annotations": {"x": "1"}}}, headers=patch)
    c.request("PATCH", NS % "team-a" + "/pi", body={"metadata": {"labels": {"stage": "cold"}}}, headers=patch)
    c.request("PATCH", NS % "team-a" + "/pi", body={"metadata": {"annotations": {"x": "2"}}}, headers=patch)
    events = st.events(seconds=2)
    st.close()
    assert [e["type"] for e in events] == ["ADDED", "MODIFIED", "DELETED"]
    assert events[-1]["object"]["metadata"]["labels"]["stage"] == "cold"
    c.close()


def test_timeout_seconds_ends_the_stream_cleanly(admin):
    t0 = time.time()
    st = admin.stream(NS % "team-a" + "?watch=1&timeoutSeconds=1&resourceVersion=" +
                      admin.get(NS % "team-a").json()["metadata"]["resourceVersion"])
    lines = st.lines(seconds=5)
    st.close()
    assert lines == [] and 0.9 <= time.time() - t0 < 4


def test_drop_watches_cuts_streams(fresh):
    c = Client(fresh, "admin")
    st = c.stream(NS % "team-a" + "?watch=1&resourceVersion=" + c.get(NS % "team-a").json()["metadata"][
        "resourceVersion"])
    time.sleep(0.3)
    assert fresh.drop_watches()["dropped"] >= 1
    lines = st.lines(seconds=3)
    assert lines and isinstance(lines[-1], tuple) and lines[-1][0] == "ABORTED"
    st.close()
    c.close()


def test_pod_watch_and_pod_bookmark_shape(admin):
    st = admin.stream("/api/v1/namespaces/team-a/pods?watch=1&allowWatchBookmarks=true&fieldSelector="
                      "metadata.name%3Dpi-running-worker-0")
    events = st.events(seconds=2.5)
    st.close()
    assert events[0]["type"] == "ADDED" and events[0]["object"]["kind"] == "Pod"
    assert events[0]["object"]["apiVersion"] == "v1"
    bm = [e for e in events if e["type"] == "BOOKMARK"][0]["object"]
    assert bm == {"kind": "Pod", "apiVersion": "v1", "metadata": {"resourceVersion": bm["metadata"]["resourceVersion"],
                                                                 "creationTimestamp": None},
                  "spec": {"containers": None}, "status": {}}


def test_legacy_watch_path(admin):
    st = admin.stream("/apis/kubeflow.org/v2beta1/watch/namespaces/team-a/mpijobs/pi")
    events = st.events(n=1, seconds=3)
    st.close()
    assert events[0]["type"] == "ADDED" and events[0]["object"]["metadata"]["name"] == "pi"
