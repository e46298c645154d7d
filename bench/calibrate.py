#!/usr/bin/env python3
"""Measures what a real cluster charges for the requests the bench models, and prints the prices for
Tests/APIServer/fakekube/costmodel.py.

Run it against a kube-apiserver that holds the bench's MPIJobs (or any set of about 2,000), on the machine kind the
bench runs on, with a kubeconfig that may list them:

    python3 bench/calibrate.py --kubeconfig ~/.kube/config [--rounds 10]

It times the requests in the bench's own order, 'kubectl get -o json' (pages), one full list, 'kubectl get' (Table
pages), one full list, so each price includes the garbage collection a request meets there. Times are client-go's
own (-v=6 logs each request when its response headers arrive, which for a list in 1.32 is when it is wholly
encoded). Only kubectl makes requests; nothing is written to the cluster."""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import urllib.request

PATH = "/apis/kubeflow.org/v2beta1/mpijobs"
LINE = re.compile(r"GET (\S+) (\d{3}) \S+ in (\d+) milliseconds")


def kubectl(args, argv, verbose=True):
    cmd = [args.kubectl, "--kubeconfig", args.kubeconfig] + argv + (["-v=6"] if verbose else [])
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit("error: %s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr.decode(errors="replace")[-400:]))
    return p.stdout, p.stderr.decode(errors="replace")


def list_requests(log):
    """[(query, milliseconds)] of the MPIJob list requests in a -v=6 log."""
    out = []
    for m in LINE.finditer(log):
        url, code, ms = m.groups()
        base, _, query = url.partition("?")
        if base.endswith(PATH) and code == "200":
            out.append((query, int(ms)))
    return out


def table_body_bytes(args):
    """Bytes of the Table kubectl's `get` asks for, through `kubectl proxy` (which authenticates as the kubeconfig
    says): no other client here can set the Accept header on any cluster's credentials."""
    proxy = subprocess.Popen([args.kubectl, "--kubeconfig", args.kubeconfig, "proxy", "--port=0"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proxy.stdout.readline()
        m = re.search(r"127\.0\.0\.1:(\d+)", first)
        if not m:
            sys.exit("error: kubectl proxy did not start: %s%s" % (first, proxy.stderr.read()[-400:]))
        req = urllib.request.Request("http://127.0.0.1:%s%s" % (m.group(1), PATH), headers={
            "Accept": "application/json;as=Table;v=v1;g=meta.k8s.io,application/json", "User-Agent": "calibrate"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            return len(resp.read())
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kubeconfig", default=os.environ.get("KUBECONFIG") or os.path.expanduser("~/.kube/config"))
    ap.add_argument("--kubectl", default=shutil.which("kubectl") or "/usr/bin/kubectl")
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    if args.rounds < 2:
        sys.exit("error: --rounds must be at least 2 (the first round is a warm-up)")

    body, _ = kubectl(args, ["get", "--raw", PATH], verbose=False)
    items = json.loads(body)["items"]
    if len(items) < 1000:
        sys.exit("error: the cluster holds %d MPIJobs; the prices need about 2,000 (make bench's count)" % len(items))
    stored = sum(len(json.dumps(i, separators=(",", ":"))) for i in items)
    full_bytes = len(body)
    table_bytes = table_body_bytes(args)

    times = {"full": [], "json first": [], "json continue": [], "table first": [], "table continue": []}
    for r in range(args.rounds):
        _, log = kubectl(args, ["get", "mpijobs.kubeflow.org", "-A", "-o", "json"])
        json_pages = list_requests(log)
        _, log = kubectl(args, ["get", "--raw", PATH])
        full_a = list_requests(log)
        _, log = kubectl(args, ["get", "mpijobs.kubeflow.org", "-A"])
        table_pages = list_requests(log)
        _, log = kubectl(args, ["get", "--raw", PATH])
        full_b = list_requests(log)
        if r == 0:
            continue
        times["full"] += [ms for _, ms in full_a + full_b]
        for name, pages in (("json", json_pages), ("table", table_pages)):
            times[name + " first"] += [ms for q, ms in pages if "continue=" not in q]
            times[name + " continue"] += [ms for q, ms in pages if "continue=" in q]
    if not times["json continue"]:
        sys.exit("error: kubectl asked for no continue page (is its --chunk-size 0 in the environment?)")
    med = {k: statistics.median(v) / 1000 for k, v in times.items() if v}

    # Encoding from the full list; etcd fitted so that kubectl's two paged shapes cost in all what they took.
    encode = med["full"] / full_bytes
    taken, encoded, read = 0.0, 0.0, 0.0
    for name, total_bytes in (("json", full_bytes), ("table", table_bytes)):
        firsts, conts = len(times[name + " first"]), len(times[name + " continue"])
        pages_per_run = 1 + conts / firsts
        taken += med[name + " first"] + (pages_per_run - 1) * med[name + " continue"]
        encoded += total_bytes
        read += stored * (pages_per_run - 1) / pages_per_run
    etcd = (taken - encode * encoded) / read

    print("%d MPIJobs, %.0f bytes stored each, list body %.2f MB; %d rounds after a warm-up, medians:" % (
        len(items), stored / len(items), full_bytes / 1e6, args.rounds - 1))
    for k in times:
        if k in med:
            print("  %-16s %6.0f ms  (n=%d)" % (k, med[k] * 1000, len(times[k])))
    print("prices for costmodel.py (Profile encode_per_byte, etcd_read_per_byte):")
    print("  encode %.1f ns a byte of body, etcd read + decode %.1f ns a stored byte" % (encode * 1e9, etcd * 1e9))
    print("(Table of all the jobs: %.2f MB; kubectl's paged shapes took %.0f ms in all and are charged as much.)" % (
        table_bytes / 1e6, taken * 1000))


if __name__ == "__main__":
    main()
