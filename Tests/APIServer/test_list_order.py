"""Lists come in etcd's key order, ".../<namespace>/<name>" as bytes, and pages across namespaces lose nothing."""


def test_cluster_wide_pages_follow_the_key_order(make_server_client):
    s, c = make_server_client(seed="none")
    s.bulk(namespace="ord", count=3, prefix="j-", state="Running", pods=False)
    s.bulk(namespace="ord-b", count=3, prefix="j-", state="Running", pods=False)
    whole = c.get("/apis/kubeflow.org/v2beta1/mpijobs").json()["items"]
    keys = ["%s/%s" % (i["metadata"]["namespace"], i["metadata"]["name"]) for i in whole]
    # '-' sorts before '/': all of ord-b comes before ord.
    assert keys == ["ord-b/j-0000", "ord-b/j-0001", "ord-b/j-0002", "ord/j-0000", "ord/j-0001", "ord/j-0002"]
    paged, token = [], ""
    while True:
        page = c.get("/apis/kubeflow.org/v2beta1/mpijobs?limit=2" + ("&continue=" + token if token else "")).json()
        paged += ["%s/%s" % (i["metadata"]["namespace"], i["metadata"]["name"]) for i in page["items"]]
        token = page["metadata"].get("continue")
        if not token:
            break
    assert paged == keys
    assert [i["metadata"]["name"] for i in c.get("/apis/kubeflow.org/v2beta1/namespaces/ord/mpijobs").json()["items"]] \
        == ["j-0000", "j-0001", "j-0002"]
