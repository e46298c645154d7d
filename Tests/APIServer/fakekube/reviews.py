"""SelfSubjectAccessReview, SelfSubjectRulesReview, SelfSubjectReview."""

from . import auth
from . import protobuf
from . import status
from .meta import manager_from_user_agent, mf_entry, simple_fields
from .request import Response, decode_json
from .util import dumpb, now as _now, order, rfc3339

RA_ORDER = ["namespace", "verb", "group", "version", "resource", "subresource", "name", "fieldSelector",
            "labelSelector"]


def _mf(req, api, spec, now):
    fields = {"f:spec": simple_fields({"spec": spec}).get("f:spec", {})}
    if "." in fields["f:spec"]:
        fields["f:spec"] = {k: v for k, v in fields["f:spec"].items() if k != "."}
    return [mf_entry(req.q("fieldManager") or manager_from_user_agent(req.user_agent), "Update", api, fields, now)]


def _body(req, kind):
    if req.content_type == "application/vnd.kubernetes.protobuf":
        try:
            return protobuf.decode_review(req.body or b"")
        except (protobuf.ProtoError, UnicodeDecodeError) as e:
            raise status.bad_request("the object provided is unrecognized (must be of type %s): %s" % (kind, e))
    if not (req.body or b"").strip():
        return {}
    return decode_json(req, kind)


def ssar(app, req):
    now = _now()
    body = _body(req, "SelfSubjectAccessReview")
    spec = (body or {}).get("spec") or {}
    ra = spec.get("resourceAttributes")
    nra = spec.get("nonResourceAttributes")
    if ra is not None:
        ra = order(ra, RA_ORDER)
        allowed, reason = auth.authorize(req.user, ra.get("verb", ""), ra.get("group", ""), ra.get("resource", ""),
                                         ra.get("subresource"), ra.get("namespace", ""), ra.get("name"))
        spec = {"resourceAttributes": ra}
    else:
        allowed, reason = True, ""
        if req.user.is_admin:
            reason = ""
        spec = {"nonResourceAttributes": nra or {}}
    st = {"allowed": allowed}
    if reason:
        st["reason"] = reason
    out = {"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
           "metadata": {"creationTimestamp": None, "managedFields": _mf(req, "authorization.k8s.io/v1", spec, now)},
           "spec": spec, "status": st}
    return Response(201, dumpb(out) + b"\n")


def ssrr(app, req):
    body = _body(req, "SelfSubjectRulesReview")
    ns = ((body or {}).get("spec") or {}).get("namespace", "")
    out = {"kind": "SelfSubjectRulesReview", "apiVersion": "authorization.k8s.io/v1",
           "metadata": {"creationTimestamp": None}, "spec": {"namespace": ns} if ns else {},
           "status": auth.rules_for(req.user, ns)}
    return Response(201, dumpb(out) + b"\n")


def ssr(app, req):
    out = {"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
           "metadata": {"creationTimestamp": rfc3339(_now())}, "status": {"userInfo": req.user.user_info()}}
    return Response(201, dumpb(out) + b"\n")
