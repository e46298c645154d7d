"""A minimal /openapi/v3 for the custom resource groups: enough for kubectl's server-side field validation check
(`kubectl create/apply` look for the fieldValidation parameter) and for `kubectl explain`."""

import hashlib
import json

from . import schema

GV_PATH = "apis/kubeflow.org/v2beta1"

_docs = {}


def _params():
    out = [{"name": n, "in": "query", "schema": {"type": "string", "uniqueItems": True}}
           for n in ("dryRun", "fieldManager", "fieldValidation", "pretty")]
    return out


def _schema_name(rtype):
    # apiextensions-apiserver names a CRD's schema by its reversed group, version and kind.
    return "%s.%s.%s" % (".".join(reversed(rtype.group.split("."))), rtype.version, rtype.kind)


def _op_name(rtype):
    group = "".join(p[:1].upper() + p[1:] for p in rtype.group.replace("-", ".").split("."))
    return group + rtype.version[:1].upper() + rtype.version[1:] + ("Namespaced" if rtype.namespaced else "") \
        + rtype.kind


def group_doc(gv_path, types):
    """The OpenAPI v3 document of one group-version (`apis/<group>/<version>`) and its custom types."""
    if gv_path in _docs:
        return _docs[gv_path]
    paths, schemas = {}, {}
    for rtype in types:
        s = json.loads(json.dumps(rtype.schema or schema.root_schema()))
        gvk = {"group": rtype.group, "version": rtype.version, "kind": rtype.kind}
        s["x-kubernetes-group-version-kind"] = [gvk]
        name = _schema_name(rtype)
        schemas[name] = s
        resp = {"200": {"description": "OK", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/" + name}}}}}
        op = _op_name(rtype)
        item = {}
        for verb in ("get", "put", "patch", "delete"):
            item[verb] = {"operationId": verb + op, "x-kubernetes-action": verb,
                          "x-kubernetes-group-version-kind": gvk, "parameters": _params(), "responses": resp}
        coll = {"post": {"operationId": "create" + op, "x-kubernetes-action": "post",
                         "x-kubernetes-group-version-kind": gvk, "parameters": _params(), "responses": resp},
                "get": {"operationId": "list" + op, "x-kubernetes-action": "list",
                        "x-kubernetes-group-version-kind": gvk, "responses": resp}}
        base = "/apis/%s/%s/%s%s" % (rtype.group, rtype.version, "namespaces/{namespace}/" if rtype.namespaced
                                     else "", rtype.plural)
        paths[base + "/{name}"] = item
        paths[base] = coll
    doc = json.dumps({
        "openapi": "3.0.0", "info": {"title": "Kubernetes CRD Swagger", "version": "v0.1.0"},
        "paths": paths, "components": {"schemas": schemas}}, separators=(",", ":")).encode() + b"\n"
    _docs[gv_path] = doc
    return doc


def custom_group_versions(catalog):
    """{"apis/<group>/<version>": [custom types]} for every served custom group-version."""
    out = {}
    for (group, version), by_plural in catalog.by_gv.items():
        types = [t for t in by_plural.values() if t.custom]
        if types:
            out["apis/%s/%s" % (group, version)] = types
    return out


def root(catalog):
    paths = {}
    for gv_path, types in sorted(custom_group_versions(catalog).items()):
        h = hashlib.sha512(group_doc(gv_path, types)).hexdigest().upper()[:128]
        paths[gv_path] = {"serverRelativeURL": "/openapi/v3/%s?hash=%s" % (gv_path, h)}
    return json.dumps({"paths": paths}, separators=(",", ":")).encode() + b"\n"
