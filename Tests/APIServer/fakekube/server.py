"""Command line entry: PKI + kubeconfig, TLS API server, control server, controllers, signals, parent watch."""

import argparse
import gc
import json
import os
import signal
import sys
import threading

from . import certs
from . import control
from . import httpd
from . import seed
from .app import App
from .costmodel import PROFILES, CostModel
from .util import atomic_write


def parse_args(argv):
    p = argparse.ArgumentParser(prog="kubeapiserver.py", description="A test Kubernetes API server for kubectl-odh.")
    p.add_argument("--dir", required=True, help="state directory (PKI, kubeconfig, server.json)")
    p.add_argument("--port", type=int, default=0, help="API port on 127.0.0.1 (0 = pick a free one)")
    p.add_argument("--control-port", type=int, default=0, help="control API port (0 = pick a free one)")
    p.add_argument("--seed", choices=["standard", "none"], default="standard")
    p.add_argument("--tick", type=float, default=0.1, help="simulated operator step in seconds")
    p.add_argument("--parent-pid", type=int, default=0, help="exit when this process is gone")
    p.add_argument("--no-mpijob-crd", action="store_true", help="serve no kubeflow.org group at all")
    p.add_argument("--crds", default="", metavar="SET,...",
                   help="also serve these upstream CRD sets: kueue, training-operator, trainer (comma-separated)")
    p.add_argument("--cost-model", choices=["none"] + sorted(PROFILES), default="none",
                   help="real: answer as late as kube-apiserver 1.32 + etcd would on this machine (make bench); "
                        "issue-12: at the prices of issue 12's slower cluster; none: at once")
    p.add_argument("--verbose", action="store_true")
    return p.parse_args(argv)


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    d = os.path.abspath(args.dir)
    os.makedirs(d, exist_ok=True)
    pki = certs.ensure_pki(d)
    sets = [x for x in args.crds.split(",") if x]
    app = App(pki["tokens"], tick=max(0.01, args.tick), with_crd=not args.no_mpijob_crd, verbose=args.verbose,
              crd_sets=sets)
    if args.cost_model != "none":
        app.cost = CostModel(args.cost_model)
    srv = httpd.TLSServer(("127.0.0.1", args.port), httpd.Handler, httpd.tls_context(pki["pki"]), app)
    port = srv.server_address[1]
    app.server_address = "127.0.0.1:%d" % port
    url = "https://127.0.0.1:%d" % port
    certs.write_kubeconfig(d, pki, url)
    app.install_crd()
    app.install_custom_crds()
    seed.seed(app, args.seed)
    gc.set_threshold(50000, 20, 20)
    gc.collect()
    gc.freeze()
    ctl = control.start(app, args.control_port)
    threading.Thread(target=app.run_controllers, daemon=True, name="controllers").start()
    httpd.serve_in_thread(srv)

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, on_signal)

    info = {"url": url, "port": port, "control_url": "http://127.0.0.1:%d" % ctl.server_address[1],
            "pid": os.getpid(), "kubeconfig": os.path.join(d, "kubeconfig"),
            "cost_model": app.cost.describe() if app.cost else None}
    atomic_write(os.path.join(d, "server.json"), json.dumps(info, indent=1) + "\n")
    sys.stdout.write("READY %s\n" % url)
    sys.stdout.flush()

    parent = args.parent_pid
    while not stop.wait(0.5):
        if parent and not _alive(parent):
            break
    app.stopping.set()
    app.store.close_watches("stopping")
    srv.shutdown()
    ctl.shutdown()
    srv.server_close()
    ctl.server_close()
    try:
        os.unlink(os.path.join(d, "server.json"))
    except OSError:
        pass
    return 0
