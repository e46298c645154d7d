"""The API server application: components, URL routing, request log, periodic controllers."""

import collections
import threading
import time
import traceback

from . import crdtypes
from . import kueue_convert
from . import openapi
from . import deletion
from . import podlogs
from . import rest
from . import reviews
from . import schema
from . import status
from . import visibility
from .auth import Authenticator
from .events import Recorder
from .faults import Faults
from .gc import GC
from .kueue import Kueue
from .logs import LogManager
from .operator import Operator
from .quota import QuotaController
from .trainer import Trainer
from .trainingop import TrainingOperator
from .request import Response
from .resources import (CRDS, EVENTS, JOBS, LIMITRANGES, MPIJOBS, NAMESPACES, PODS, QUOTAS, SSAR, SSR, SSRR, STORED, VERSION,
                        Catalog)
from .store import Store
from .util import dumpb, new_uid, rfc3339

NOT_FOUND_TEXT = Response(404, b"404 page not found\n", ctype="text/plain; charset=utf-8")
DISCOVERY_CT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


class App:
    def __init__(self, tokens, tick=0.1, with_crd=True, verbose=False, crd_sets=()):
        self.tick = tick
        self.verbose = verbose
        self.with_crd = with_crd
        self.custom_types, self.custom_crds = crdtypes.load(crd_sets)
        with_kueue = "kueue" in crd_sets
        self.catalog = Catalog(with_crd, self.custom_types + (visibility.types() if with_kueue else []))
        self.store = Store()
        for t in STORED:
            self.store.register(t)
        for t in self.custom_types:
            if t.version == t.storage_version:
                self.store.register(t)
        self.authn = Authenticator({v: k for k, v in tokens.items() if k != "bad-token"})
        self.events = Recorder()
        self.logs = LogManager()
        self.operator = Operator(self)
        self.gc = GC(self)
        self.quota = QuotaController(self)
        # Simulated training-operator and Trainer: they drive only the kinds --crds serves.
        self.training_operator = TrainingOperator(self)
        self.trainer = Trainer(self)
        self.controllers = [self.operator, self.training_operator, self.trainer, self.gc, self.quota]
        self.faults = Faults()
        self.store.listeners += [self.operator.on_change, self.training_operator.on_change, self.trainer.on_change,
                                 self.gc.on_change, self.quota.on_change]
        # Kueue's controllers, when its CRDs are served (kueue.py).
        self.kueue = None
        if with_kueue:
            kueue_convert.register_conversions()
            self.kueue = Kueue(self)
            self.store.listeners.append(self.kueue.on_change)
            self.controllers.append(self.kueue)
            self.gc.dependents += [t for t in self.custom_types if t.key == "kueue.x-k8s.io/workloads"
                                   and t.version == t.storage_version]
        self.stopping = threading.Event()
        self.watch_streams = set()
        self.requests = collections.deque(maxlen=20000)
        self.req_lock = threading.Lock()
        self.server_address = "127.0.0.1:0"
        self.started = time.time()
        # --cost-model real (costmodel.py): what each answer would cost a real apiserver; None answers at once.
        self.cost = None

    # ------------------------------------------------------------------ request log
    def record(self, req, code, t0, fault=None):
        h = req.headers
        entry = {"method": req.method, "path": req.path, "query": req.raw_query,
                 "user": req.user.name if req.user else None, "accept": h.get("Accept"),
                 "user_agent": h.get("User-Agent"), "content_type": h.get("Content-Type"),
                 "time": t0, "code": code}
        if fault:
            entry["fault"] = fault.get("action")
        with self.req_lock:
            self.requests.append(entry)

    # ------------------------------------------------------------------ controllers
    def run_controllers(self):
        while not self.stopping.wait(self.tick):
            now = time.time()
            for c in self.controllers:
                try:
                    c.tick(now)
                except Exception:
                    traceback.print_exc()

    def reset(self):
        with self.store.lock:
            self.store.clear()
            self.operator.reset()
            self.training_operator.reset()
            self.trainer.reset()
            self.gc.reset()
            self.quota.reset()
            if self.kueue is not None:
                self.kueue.reset()
            self.events.reset()
            self.logs.reset()
            self.store.close_watches("dropped")

    def delete_namespace_contents(self, ns):
        custom = [t for t in self.custom_types if t.namespaced and t.version == t.storage_version]
        for t in [MPIJOBS, JOBS, PODS, EVENTS, QUOTAS, LIMITRANGES] + custom:
            for e in self.store.list(t.key, ns):
                self.store.delete(t.key, e.ns, e.name)
        self.store.delete(NAMESPACES.key, "", ns)

    # ------------------------------------------------------------------ routing
    def route(self, req):
        parts = [p for p in req.path.split("/") if p]
        if not parts:
            return self._json({"paths": ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version"]
                               + ["/apis/%s/%s" % gv for gv in self.catalog.group_versions() if gv[0]]})
        head = parts[0]
        if head in ("healthz", "livez", "readyz"):
            return Response(200, b"ok", ctype="text/plain; charset=utf-8")
        if head == "version" and len(parts) == 1:
            return self._json(VERSION)
        if head == "openapi" and len(parts) >= 2 and parts[1] == "v3":
            if len(parts) == 2:
                return Response(200, openapi.root(self.catalog))
            gv_path = "/".join(parts[2:])
            types = openapi.custom_group_versions(self.catalog).get(gv_path)
            if types:
                return Response(200, openapi.group_doc(gv_path, types))
        if head == "api":
            if len(parts) == 1:
                if self._aggregated(req):
                    return Response(200, dumpb(self.catalog.aggregated(True)) + b"\n", ctype=DISCOVERY_CT)
                return self._json(self.catalog.api_versions(self.server_address))
            if parts[1] != "v1":
                return NOT_FOUND_TEXT
            return self._resource(req, "", "v1", parts[2:])
        if head == "apis":
            if len(parts) == 1:
                if self._aggregated(req):
                    return Response(200, dumpb(self.catalog.aggregated(False)) + b"\n", ctype=DISCOVERY_CT)
                return self._json(self.catalog.api_group_list())
            group = parts[1]
            if not self.catalog.has_group(group):
                return NOT_FOUND_TEXT
            if len(parts) == 2:
                return self._json(self.catalog.api_group_doc(group))
            if not self.catalog.has_group_version(group, parts[2]):
                return NOT_FOUND_TEXT
            return self._resource(req, group, parts[2], parts[3:])
        return NOT_FOUND_TEXT

    def _aggregated(self, req):
        want = {"g=apidiscovery.k8s.io", "v=v2", "as=APIGroupDiscoveryList"}
        for part in req.accept.split(","):
            if want <= {x.strip() for x in part.split(";")[1:]}:
                return True
        return False

    def _json(self, obj, code=200):
        return Response(code, dumpb(obj) + b"\n")

    def _resource(self, req, group, version, rest_parts):
        if not rest_parts:
            return self._json(self.catalog.resource_list(group, version))
        watch_prefix = False
        if rest_parts[0] == "watch":
            watch_prefix = True
            rest_parts = rest_parts[1:]
            if not rest_parts:
                return NOT_FOUND_TEXT
        ns = ""
        if rest_parts[0] == "namespaces" and len(rest_parts) > 2 and rest_parts[2] not in ("status", "finalize"):
            ns = rest_parts[1]
            rest_parts = rest_parts[2:]
        if len(rest_parts) > 3:
            return NOT_FOUND_TEXT
        plural = rest_parts[0]
        name = rest_parts[1] if len(rest_parts) > 1 else None
        sub = rest_parts[2] if len(rest_parts) > 2 else None
        rtype = self.catalog.lookup(group, version, plural)
        if rtype is None:
            if group and group not in ("batch", "authorization.k8s.io", "authentication.k8s.io",
                                       "apiextensions.k8s.io"):
                return NOT_FOUND_TEXT
            raise status.gone_generic()
        if watch_prefix:
            req.query["watch"] = ["true"]
            if name:
                req.query["fieldSelector"] = ["metadata.name=%s" % name]
                name = None
        if rtype.namespaced is False and ns:
            return NOT_FOUND_TEXT
        if rtype.namespaced and name and not ns:
            return NOT_FOUND_TEXT
        if rtype.group == visibility.GROUP:
            return visibility.handle(self, req, rtype, ns, name, sub)
        if rtype in (SSAR, SSRR, SSR):
            if req.method != "POST" or name:
                raise status.method_not_allowed()
            return {SSAR: reviews.ssar, SSRR: reviews.ssrr, SSR: reviews.ssr}[rtype](self, req)
        m = req.method
        if sub:
            allowed = dict(rtype.subresources)
            if sub not in allowed:
                raise status.gone_generic()
            if sub == "log":
                if m != "GET":
                    raise status.method_not_allowed()
                return podlogs.get_log(self, req, ns, name)
            if m == "GET":
                return rest.get(self, req, rtype, ns, name)
            if m == "PUT":
                return rest.update(self, req, rtype, ns, name, sub)
            if m == "PATCH":
                return rest.patch(self, req, rtype, ns, name, sub)
            raise status.method_not_allowed()
        if rtype is CRDS:
            return self._crds(req, name)
        if name is None:
            if m == "GET":
                return rest.list_(self, req, rtype, ns or None)
            if m == "POST":
                if rtype.namespaced and not ns:
                    raise status.method_not_allowed()
                return rest.create(self, req, rtype, ns)
            if m == "DELETE":
                return deletion.deletecollection(self, req, rtype, ns or None)
            raise status.method_not_allowed()
        if m == "GET":
            if req.qbool("watch"):
                req.query["fieldSelector"] = ["metadata.name=%s" % name]
                return rest.list_(self, req, rtype, ns or None)
            return rest.get(self, req, rtype, ns, name)
        if m == "PUT":
            return rest.update(self, req, rtype, ns, name)
        if m == "PATCH":
            return rest.patch(self, req, rtype, ns, name)
        if m == "DELETE":
            return deletion.delete(self, req, rtype, ns, name)
        raise status.method_not_allowed()

    def _crds(self, req, name):
        if req.method != "GET":
            raise status.method_not_allowed()
        from .auth import check
        check(req.user, "get" if name else "list", CRDS.group, CRDS.plural, None, "", name)
        e = self.store.get(CRDS.key, "", name) if name else None
        if name:
            if e is None:
                raise status.not_found(CRDS.plural, CRDS.group, name)
            return Response(200, rest.full_raw(CRDS, e) + b"\n")
        return rest.list_(self, req, CRDS, None)

    def install_crd(self):
        if not self.with_crd:
            return
        crd = schema.crd()
        obj = {"metadata": {"name": crd["metadata"]["name"], "uid": "71891b8d-c55d-4f37-8bf9-c35399d2bdec",
                            "generation": 1, "creationTimestamp": rfc3339(self.started - 7 * 86400),
                            "annotations": crd["metadata"].get("annotations", {})},
               "spec": crd["spec"], "status": crd["status"]}
        if self.store.get(CRDS.key, "", obj["metadata"]["name"]) is None:
            self.store.create(CRDS.key, obj)

    def install_custom_crds(self):
        """The CRD objects of the served custom resources (`kubectl get crd` lists them)."""
        for crd in self.custom_crds:
            name = crd["metadata"]["name"]
            if self.store.get(CRDS.key, "", name) is not None:
                continue
            versions = [v["name"] for v in crd["spec"]["versions"] if v.get("storage")]
            obj = {"metadata": {"name": name, "uid": new_uid(), "generation": 1,
                                "creationTimestamp": rfc3339(self.started - 7 * 86400),
                                "annotations": crd["metadata"].get("annotations", {})},
                   "spec": crd["spec"],
                   "status": {"acceptedNames": crd["spec"]["names"], "storedVersions": versions,
                              "conditions": [
                                  {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
                                   "message": "no conflicts found",
                                   "lastTransitionTime": rfc3339(self.started - 7 * 86400)},
                                  {"type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                                   "message": "the initial names have been accepted",
                                   "lastTransitionTime": rfc3339(self.started - 7 * 86400)}]}}
            self.store.create(CRDS.key, obj)
