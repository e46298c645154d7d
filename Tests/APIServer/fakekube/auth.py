"""Authentication (client certificates, bearer tokens) and a fixed RBAC table.

Users:
  admin   client certificate CN=admin O=system:masters   everything everywhere
  alice   client certificate CN=alice                   every verb on every resource in team-a
  ci-bot  bearer token                                   every verb on every resource in team-a
  viewer  bearer token (tokenFile)                       get/list/watch in team-a
"""

import hashlib

from . import status

READ = {"get", "list", "watch"}
ALL = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"}

# user -> [(namespace, verbs, binding, clusterrole)]
RBAC = {
    "alice": [("team-a", ALL, "alice-mpijob-team-member", "mpijob-team-member")],
    "ci-bot": [("team-a", ALL, "ci-bot-mpijob-team-member", "mpijob-team-member")],
    "viewer": [("team-a", READ, "viewer-mpijob-viewer", "mpijob-viewer")],
}


class User:
    def __init__(self, name, groups, credential_id=None, uid=None):
        self.name = name
        self.groups = groups
        self.credential_id = credential_id
        self.uid = uid

    @property
    def is_admin(self):
        return "system:masters" in self.groups

    def user_info(self):
        d = {"username": self.name}
        if self.uid:
            d["uid"] = self.uid
        d["groups"] = self.groups
        if self.credential_id:
            d["extra"] = {"authentication.kubernetes.io/credential-id": [self.credential_id]}
        return d


class Authenticator:
    def __init__(self, tokens):
        self.tokens = dict(tokens)  # token -> username

    def authenticate(self, headers, peercert, peercert_der):
        if peercert:
            cn, orgs = None, []
            for rdn in peercert.get("subject", ()):
                for k, v in rdn:
                    if k == "commonName":
                        cn = v
                    elif k == "organizationName":
                        orgs.append(v)
            if cn:
                cid = "X509SHA256=" + hashlib.sha256(peercert_der).hexdigest() if peercert_der else None
                return User(cn, orgs + ["system:authenticated"], cid)
        auth = headers.get("Authorization") or ""
        if auth[:7].lower() == "bearer ":
            token = auth[7:].strip()
            name = self.tokens.get(token)
            if name:
                return User(name, ["system:authenticated"], uid="uid-" + name)
        return None

    def impersonate(self, user, headers):
        """Apply Impersonate-User / Impersonate-Group, or raise 403."""
        target = headers.get("Impersonate-User")
        groups = headers.get_all("Impersonate-Group") or []
        if not target and not groups:
            return user
        if not user.is_admin:
            if target:
                raise status.forbidden(user.name, "impersonate", "users", "", "", name=target)
            raise status.forbidden(user.name, "impersonate", "groups", "", "", name=groups[0])
        name = target or user.name
        return User(name, list(groups) + ["system:authenticated"])


def authorize(user, verb, group, resource, subresource, namespace, name):
    """Return (allowed, reason) like the RBAC authorizer."""
    if user.is_admin:
        return True, ""
    if group in ("authorization.k8s.io", "authentication.k8s.io") and resource.startswith("self") and verb == "create":
        return True, 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"'
    ns = namespace
    if resource == "namespaces" and name and not ns:
        ns = name
    for bns, verbs, binding, role in RBAC.get(user.name, []):
        if ns == bns and verb in verbs:
            return True, 'RBAC: allowed by RoleBinding "%s/%s" of ClusterRole "%s" to User "%s"' % (
                binding, bns, role, user.name)
    return False, ""


def check(user, verb, group, resource, subresource, namespace, name=None):
    ok, _ = authorize(user, verb, group, resource, subresource, namespace, name)
    if not ok:
        raise status.forbidden(user.name, verb, resource, group, namespace, name=name, subresource=subresource)


def rules_for(user, namespace):
    """SelfSubjectRulesReview status."""
    rules = []
    if user.is_admin:
        rules.append({"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]})
    else:
        rules.append({"verbs": ["create"], "apiGroups": ["authorization.k8s.io"],
                      "resources": ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]})
        rules.append({"verbs": ["create"], "apiGroups": ["authentication.k8s.io"], "resources": ["selfsubjectreviews"]})
        for bns, verbs, _, _ in RBAC.get(user.name, []):
            if bns == namespace:
                rules.append({"verbs": sorted(verbs), "apiGroups": ["*"], "resources": ["*"]})
    non = [{"verbs": ["get"], "nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
                                                   "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]}]
    if user.is_admin:
        non = [{"verbs": ["*"], "nonResourceURLs": ["*"]}]
    return {"resourceRules": rules, "nonResourceRules": non, "incomplete": False}
