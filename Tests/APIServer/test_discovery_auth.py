"""Discovery, authentication, RBAC and access reviews, compared with the recorded kube-apiserver."""

import json

import pytest

import golden


MPIJOBS = "/apis/kubeflow.org/v2beta1"


def test_group_list_has_kubeflow_like_the_real_server(admin):
    r = admin.get("/apis")
    assert r.status == 200
    ours = {g["name"]: g for g in r.json()["groups"]}
    real = {g["name"]: g for g in golden.load(1).json()["groups"]}
    assert ours["kubeflow.org"] == real["kubeflow.org"]
    assert ours["batch"] == real["batch"]
    assert r.json()["kind"] == "APIGroupList"


def test_kubeflow_resource_list_is_byte_identical(admin):
    g = golden.load(2)
    r = admin.get(MPIJOBS)
    assert r.status == g.code
    assert r.body == g.body
    assert r.headers["content-length"] == g.headers["content-length"]


def test_missing_group_is_plain_404(admin):
    g = golden.load(3)
    r = admin.get("/apis/nosuch.example.org/v1")
    assert (r.status, r.body, r.headers["content-type"]) == (g.code, g.body, g.headers["content-type"])


def test_no_crd_server_serves_no_kubeflow_group(make_server_client):
    srv, c = make_server_client(no_mpijob_crd=True, seed="none")
    g = golden.load(3)
    for path in ("/apis/kubeflow.org", "/apis/kubeflow.org/v2beta1", MPIJOBS + "/namespaces/default/mpijobs",
                 MPIJOBS + "/mpijobs"):
        r = c.get(path)
        assert (r.status, r.body) == (404, g.body), path
    assert "kubeflow.org" not in [x["name"] for x in c.get("/apis").json()["groups"]]


def test_aggregated_discovery_when_asked(admin):
    acc = ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
           "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")
    r = admin.get("/apis", headers={"Accept": acc})
    assert r.status == 200
    assert r.headers["content-type"] == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    d = r.json()
    assert d["kind"] == "APIGroupDiscoveryList"
    kf = [i for i in d["items"] if i["metadata"]["name"] == "kubeflow.org"][0]
    res = kf["versions"][0]["resources"][0]
    assert res["resource"] == "mpijobs" and res["scope"] == "Namespaced"
    assert res["subresources"][0]["subresource"] == "status"
    core = admin.get("/api", headers={"Accept": acc}).json()
    assert any(r["resource"] == "pods" for r in core["items"][0]["versions"][0]["resources"])


def test_version_is_132(admin):
    v = admin.get("/version").json()
    assert (v["major"], v["minor"]) == ("1", "32") and v["gitVersion"].startswith("v1.32.")


def test_unauthorized_exactly_like_golden(client):
    g = golden.load(22)
    for who in ("bad-token", None):
        r = client(who).get(MPIJOBS + "/namespaces/golden/mpijobs")
        assert (r.status, r.body) == (g.code, g.body)
        assert "x-kubernetes-pf-flowschema-uid" not in r.headers


def test_token_user_gets_the_object(client):
    g = golden.load(23)
    r = client("ci-bot").get(MPIJOBS + "/namespaces/team-a/mpijobs/pi")
    assert r.status == g.code == 200
    assert r.json()["metadata"]["name"] == "pi"
    assert "x-kubernetes-pf-flowschema-uid" in r.headers


def test_forbidden_exactly_like_golden(client):
    g = golden.load(21)
    r = client("alice").get(MPIJOBS + "/namespaces/team-b/mpijobs")
    assert (r.status, r.body) == (g.code, g.body)


def test_forbidden_cluster_scope_and_named_and_verbs(client):
    alice = client("alice")
    r = alice.get(MPIJOBS + "/mpijobs")
    assert r.status == 403
    assert r.json()["message"] == ('mpijobs.kubeflow.org is forbidden: User "alice" cannot list resource "mpijobs" '
                                   'in API group "kubeflow.org" at the cluster scope')
    r = alice.get("/api/v1/namespaces/team-b/pods/x/log")
    assert r.json()["message"] == ('pods "x" is forbidden: User "alice" cannot get resource "pods/log" in API '
                                   'group "" in the namespace "team-b"')
    assert r.json()["details"] == {"name": "x", "kind": "pods"}
    viewer = client("viewer")
    assert viewer.get(MPIJOBS + "/namespaces/team-a/mpijobs").status == 200
    r = viewer.request("DELETE", MPIJOBS + "/namespaces/team-a/mpijobs/pi")
    assert r.status == 403 and 'User "viewer" cannot delete resource "mpijobs"' in r.json()["message"]
    r = viewer.request("POST", MPIJOBS + "/namespaces/team-a/mpijobs", body={"metadata": {"name": "x"}})
    assert r.status == 403 and "cannot create" in r.json()["message"]
    assert alice.get("/api/v1/namespaces/team-a").status == 200
    assert alice.get("/api/v1/namespaces/team-b").status == 403
    assert alice.get("/api/v1/namespaces").status == 403


def _ssar(c, ns, verb="create"):
    body = {"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
            "spec": {"resourceAttributes": {"namespace": ns, "verb": verb, "group": "kubeflow.org",
                                            "resource": "mpijobs"}}}
    return c.request("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body=body,
                     headers={"User-Agent": "golden-capture/1.0"})


@pytest.mark.parametrize("number,ns", [(24, "team-b"), (25, "team-a")])
def test_ssar_like_golden(client, number, ns):
    g = golden.load(number)
    r = _ssar(client("alice"), ns)
    assert r.status == g.code == 201
    ours, real = r.json(), g.json()
    assert ours["spec"] == real["spec"]
    assert ours["status"] == real["status"]
    assert list(ours) == list(real)
    assert ours["metadata"]["managedFields"][0]["fieldsV1"] == real["metadata"]["managedFields"][0]["fieldsV1"]
    assert ours["metadata"]["managedFields"][0]["manager"] == "golden-capture"


def test_ssar_admin_and_viewer(client):
    assert _ssar(client("admin"), "team-b").json()["status"] == {"allowed": True}
    assert _ssar(client("viewer"), "team-a").json()["status"]["allowed"] is False
    assert _ssar(client("viewer"), "team-a", "list").json()["status"]["allowed"] is True


def test_selfsubjectreview_like_golden(client):
    g = golden.load(26)
    r = client("alice").request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                body={"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1"})
    assert r.status == g.code
    ours, real = r.json(), g.json()
    assert list(ours) == list(real)
    assert ours["status"]["userInfo"]["username"] == "alice"
    assert ours["status"]["userInfo"]["groups"] == ["system:authenticated"]
    assert ours["status"]["userInfo"]["extra"]["authentication.kubernetes.io/credential-id"][0].startswith(
        "X509SHA256=")
    admin = client("admin").request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body={})
    assert admin.json()["status"]["userInfo"]["groups"] == ["system:masters", "system:authenticated"]
    bot = client("ci-bot").request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body={})
    assert bot.json()["status"]["userInfo"]["username"] == "ci-bot"


def test_impersonation(client):
    admin = client("admin")
    r = admin.get(MPIJOBS + "/namespaces/team-b/mpijobs", headers={"Impersonate-User": "alice"})
    assert r.status == 403 and 'User "alice"' in r.json()["message"]
    r = client("alice").get(MPIJOBS + "/namespaces/team-a/mpijobs", headers={"Impersonate-User": "bob"})
    assert r.status == 403
    assert r.json()["message"] == ('users "bob" is forbidden: User "alice" cannot impersonate resource "users" in '
                                   'API group "" at the cluster scope')


def test_kubeconfig_has_every_credential_form(srv):
    text = open(srv.kubeconfig).read()
    for needle in ("certificate-authority: ", "certificate-authority-data: ", "client-certificate: ",
                   "client-key: ", "client-certificate-data: ", "client-key-data: ", "token: ", "tokenFile: ",
                   "current-context: admin"):
        assert needle in text, needle
    info = json.load(open(str(srv.dir / "server.json")))
    assert info["url"] == "https://127.0.0.1:%d" % info["port"]
    assert info["control_url"].startswith("http://127.0.0.1:")
