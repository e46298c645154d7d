"""A minimal /openapi/v3 for the MPIJob group: enough for kubectl's server-side field validation check
(`kubectl create/apply` look for the fieldValidation parameter) and for `kubectl explain mpijobs`."""

import hashlib
import json

from . import schema

GV_PATH = "apis/kubeflow.org/v2beta1"
GVK = {"group": "kubeflow.org", "version": "v2beta1", "kind": "MPIJob"}
SCHEMA_NAME = "org.kubeflow.v2beta1.MPIJob"

_doc = None


def _params():
    out = [{"name": n, "in": "query", "schema": {"type": "string", "uniqueItems": True}}
           for n in ("dryRun", "fieldManager", "fieldValidation", "pretty")]
    return out


def group_doc():
    global _doc
    if _doc is None:
        s = json.loads(json.dumps(schema.root_schema()))
        s["x-kubernetes-group-version-kind"] = [GVK]
        resp = {"200": {"description": "OK", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/" + SCHEMA_NAME}}}}}
        item = {}
        for verb in ("get", "put", "patch", "delete"):
            item[verb] = {"operationId": verb + "KubeflowOrgV2beta1NamespacedMPIJob",
                          "x-kubernetes-action": {"put": "put", "get": "get", "patch": "patch",
                                                  "delete": "delete"}[verb],
                          "x-kubernetes-group-version-kind": GVK, "parameters": _params(), "responses": resp}
        coll = {"post": {"operationId": "createKubeflowOrgV2beta1NamespacedMPIJob", "x-kubernetes-action": "post",
                         "x-kubernetes-group-version-kind": GVK, "parameters": _params(), "responses": resp},
                "get": {"operationId": "listKubeflowOrgV2beta1NamespacedMPIJob", "x-kubernetes-action": "list",
                        "x-kubernetes-group-version-kind": GVK, "responses": resp}}
        _doc = json.dumps({
            "openapi": "3.0.0", "info": {"title": "Kubernetes CRD Swagger", "version": "v0.1.0"},
            "paths": {"/apis/kubeflow.org/v2beta1/namespaces/{namespace}/mpijobs/{name}": item,
                      "/apis/kubeflow.org/v2beta1/namespaces/{namespace}/mpijobs": coll},
            "components": {"schemas": {SCHEMA_NAME: s}}}, separators=(",", ":")).encode() + b"\n"
    return _doc


def root(with_crd):
    paths = {}
    if with_crd:
        h = hashlib.sha512(group_doc()).hexdigest().upper()[:128]
        paths[GV_PATH] = {"serverRelativeURL": "/openapi/v3/%s?hash=%s" % (GV_PATH, h)}
    return json.dumps({"paths": paths}, separators=(",", ":")).encode() + b"\n"
