"""The resource types the server knows, their field selectors, and the discovery documents."""

ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]


class RType:
    def __init__(self, group, version, plural, singular, kind, namespaced=True, custom=False,
                 verbs=None, short=None, categories=None, subresources=(), fields=None, hash_=None, schema=None,
                 storage_version=None, printer_columns=None):
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.list_kind = kind + "List"
        self.namespaced = namespaced
        self.custom = custom
        self.verbs = verbs or ALL_VERBS
        self.short = short
        self.categories = categories
        self.subresources = subresources
        self.extra_fields = fields or (lambda o: {})
        self.hash = hash_
        self.key = "%s/%s" % (group, plural)
        # CRD-served types (crdtypes.py): this version's structural schema, the storage version all served
        # versions share, and the printer columns of server-side Table output.
        self.schema = schema
        self.storage_version = storage_version
        self.printer_columns = printer_columns

    @property
    def api_version(self):
        return "%s/%s" % (self.group, self.version) if self.group else self.version

    @property
    def field_labels(self):
        base = {"metadata.name", "metadata.namespace"}
        return base | set(self.extra_fields({"metadata": {}}).keys())

    def fields(self, obj):
        m = obj["metadata"]
        f = {"metadata.name": m.get("name", ""), "metadata.namespace": m.get("namespace", "")}
        f.update(self.extra_fields(obj))
        return f

    def api_resource(self):
        r = {"name": self.plural, "singularName": self.singular, "namespaced": self.namespaced,
             "kind": self.kind, "verbs": self.verbs}
        if self.short:
            r["shortNames"] = self.short
        if self.categories:
            r["categories"] = self.categories
        if self.hash:
            r["storageVersionHash"] = self.hash
        out = [r]
        for sub, verbs in self.subresources:
            out.append({"name": "%s/%s" % (self.plural, sub), "singularName": "", "namespaced": self.namespaced,
                        "kind": self.kind if sub != "log" else "Pod", "verbs": verbs})
        return out


def _pod_fields(o):
    s = o.get("spec") or {}
    st = o.get("status") or {}
    return {"spec.nodeName": s.get("nodeName", ""), "spec.restartPolicy": s.get("restartPolicy", ""),
            "spec.schedulerName": s.get("schedulerName", ""),
            "spec.serviceAccountName": s.get("serviceAccountName", ""),
            "spec.hostNetwork": "true" if s.get("hostNetwork") else "false",
            "status.phase": st.get("phase", ""), "status.podIP": st.get("podIP", ""),
            "status.nominatedNodeName": st.get("nominatedNodeName", "")}


def _event_fields(o):
    io = o.get("involvedObject") or {}
    f = {"involvedObject.%s" % k: io.get(k, "") for k in
         ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")}
    f.update({"reason": o.get("reason", ""), "reportingComponent": o.get("reportingComponent", ""),
              "source": (o.get("source") or {}).get("component", ""), "type": o.get("type", "")})
    return f


def _ns_fields(o):
    return {"status.phase": (o.get("status") or {}).get("phase", "")}


def _job_fields(o):
    return {"status.successful": str((o.get("status") or {}).get("succeeded", 0))}


CR_VERBS = ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"]

MPIJOBS = RType("kubeflow.org", "v2beta1", "mpijobs", "mpijob", "MPIJob", custom=True, verbs=CR_VERBS,
                subresources=[("status", ["get", "patch", "update"])], hash_="m/hbMZ1AsIg=")
PODS = RType("", "v1", "pods", "pod", "Pod", short=["po"], categories=["all"],
             subresources=[("log", ["get"]), ("status", ["get", "patch", "update"])],
             fields=_pod_fields, hash_="xPOwRZ+Yhw8=")
EVENTS = RType("", "v1", "events", "event", "Event", short=["ev"], fields=_event_fields, hash_="r2yiGXH7wu8=")
NAMESPACES = RType("", "v1", "namespaces", "namespace", "Namespace", namespaced=False,
                   verbs=["create", "delete", "get", "list", "patch", "update", "watch"], short=["ns"],
                   subresources=[("status", ["get", "patch", "update"])], fields=_ns_fields, hash_="Q3oi5N2YM8M=")
QUOTAS = RType("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", short=["quota"],
               subresources=[("status", ["get", "patch", "update"])], hash_="8uhSgffRX6w=")
LIMITRANGES = RType("", "v1", "limitranges", "limitrange", "LimitRange", short=["limits"], hash_="EBKMFVe6cwo=")
JOBS = RType("batch", "v1", "jobs", "job", "Job", categories=["all"],
             subresources=[("status", ["get", "patch", "update"])], fields=_job_fields, hash_="mudhfqk/qZY=")
CRDS = RType("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
             "CustomResourceDefinition", namespaced=False, short=["crd", "crds"], categories=["api-extensions"],
             subresources=[("status", ["get", "patch", "update"])], hash_="jfWCUB31mvA=")
SSAR = RType("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
             "SelfSubjectAccessReview", namespaced=False, verbs=["create"])
SSRR = RType("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview",
             "SelfSubjectRulesReview", namespaced=False, verbs=["create"])
SSR = RType("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview",
            namespaced=False, verbs=["create"])

STORED = [MPIJOBS, PODS, EVENTS, NAMESPACES, QUOTAS, LIMITRANGES, JOBS, CRDS]
REVIEWS = [SSAR, SSRR, SSR]


class Catalog:
    """Which resources are served (depends on --no-mpijob-crd)."""

    def __init__(self, with_crd=True, custom_types=()):
        self.with_crd = with_crd
        types = [t for t in STORED + REVIEWS if with_crd or t is not MPIJOBS] + list(custom_types)
        self.by_gv = {}
        for t in types:
            self.by_gv.setdefault((t.group, t.version), {})[t.plural] = t
        self.custom_types = list(custom_types)

    def lookup(self, group, version, plural):
        return self.by_gv.get((group, version), {}).get(plural)

    def group_versions(self):
        return list(self.by_gv.keys())

    def versions_of(self, group):
        """A group's versions, preferred (highest kube-aware priority) first, as discovery lists them."""
        from .crdtypes import version_priority
        return sorted((v for g, v in self.by_gv if g == group), key=version_priority)

    def has_group_version(self, group, version):
        return (group, version) in self.by_gv

    def has_group(self, group):
        return any(g == group for g, _ in self.by_gv)

    def groups(self):
        order = ["authentication.k8s.io", "authorization.k8s.io", "batch", "apiextensions.k8s.io", "kubeflow.org",
                 "kueue.x-k8s.io", "trainer.kubeflow.org"]
        present = {g for g, _ in self.by_gv if g}
        return [g for g in order if g in present] + sorted(present - set(order))

    # ---------------------------------------------------------------- legacy discovery
    def api_versions(self, server_address):
        return {"kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]}

    def api_group(self, group):
        versions = self.versions_of(group)
        gvs = [{"groupVersion": "%s/%s" % (group, v), "version": v} for v in versions]
        return {"name": group, "versions": gvs, "preferredVersion": gvs[0]}

    def api_group_doc(self, group):
        d = {"kind": "APIGroup", "apiVersion": "v1"}
        d.update(self.api_group(group))
        return d

    def api_group_list(self):
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [self.api_group(g) for g in self.groups()]}

    def resource_list(self, group, version):
        res = []
        for t in self.by_gv.get((group, version), {}).values():
            res.extend(t.api_resource())
        gv = "%s/%s" % (group, version) if group else version
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": res}

    # ---------------------------------------------------------------- aggregated discovery (apidiscovery.k8s.io/v2)
    def _discovery_group(self, group):
        versions = []
        for v in self.versions_of(group):
            g = group
            resources = []
            for t in self.by_gv[(g, v)].values():
                r = {"resource": t.plural,
                     "responseKind": {"group": t.group, "version": t.version, "kind": t.kind},
                     "scope": "Namespaced" if t.namespaced else "Cluster",
                     "singularResource": t.singular, "verbs": t.verbs}
                if t.short:
                    r["shortNames"] = t.short
                if t.categories:
                    r["categories"] = t.categories
                if t.subresources:
                    r["subresources"] = [
                        {"subresource": sub,
                         "responseKind": {"group": "" if sub == "log" else t.group,
                                          "version": "v1" if sub == "log" else t.version,
                                          "kind": "Pod" if sub == "log" else t.kind},
                         "verbs": verbs} for sub, verbs in t.subresources]
                resources.append(r)
            versions.append({"version": v, "resources": resources, "freshness": "Current"})
        return {"metadata": {"name": group, "creationTimestamp": None}, "versions": versions}

    def aggregated(self, legacy):
        groups = [""] if legacy else self.groups()
        return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {},
                "items": [self._discovery_group(g) for g in groups]}


VERSION = {"major": "1", "minor": "32", "gitVersion": "v1.32.4", "gitCommit": "59526cd4867447956156ae3a602fcbac10a2c335",
           "gitTreeState": "clean", "buildDate": "2025-04-22T16:02:27Z", "goVersion": "go1.23.8",
           "compiler": "gc", "platform": "linux/amd64"}
