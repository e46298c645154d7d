"""Throw-away CA, server and client certificates (via the openssl CLI), tokens and the kubeconfig."""

import base64
import json
import os
import secrets
import subprocess

from .util import atomic_write

OPENSSL = os.environ.get("OPENSSL", "openssl")

CLIENTS = {"admin": "/O=system:masters/CN=admin", "alice": "/CN=alice"}


def _run(args, cwd):
    r = subprocess.run([OPENSSL] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("openssl %s failed: %s" % (" ".join(args), r.stderr.decode(errors="replace")))


def _key(path, cwd):
    _run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path], cwd)
    os.chmod(os.path.join(cwd, path), 0o600)


def _sign(name, subj, ext, cwd):
    _key(name + ".key", cwd)
    _run(["req", "-new", "-key", name + ".key", "-subj", subj, "-out", name + ".csr"], cwd)
    with open(os.path.join(cwd, name + ".ext"), "w") as f:
        f.write(ext)
    _run(["x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
          "-days", "825", "-sha256", "-extfile", name + ".ext", "-out", name + ".crt"], cwd)
    for suffix in (".csr", ".ext"):
        os.unlink(os.path.join(cwd, name + suffix))


def ensure_pki(d):
    """Create (or reuse) the PKI in directory d. Returns a dict of paths and tokens."""
    pki = os.path.join(d, "pki")
    os.makedirs(pki, exist_ok=True)
    need = ["ca.crt", "ca.key", "server.crt", "server.key"] + [n + s for n in CLIENTS for s in (".crt", ".key")]
    if not all(os.path.exists(os.path.join(pki, f)) for f in need):
        _key("ca.key", pki)
        _run(["req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=fake-kube-ca", "-days", "3650",
              "-sha256", "-addext", "basicConstraints=critical,CA:TRUE",
              "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature", "-out", "ca.crt"], pki)
        _sign("server", "/CN=kube-apiserver",
              "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
              "extendedKeyUsage=serverAuth\n"
              "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,"
              "DNS:kubernetes.default.svc\n", pki)
        for name, subj in CLIENTS.items():
            _sign(name, subj, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                              "extendedKeyUsage=clientAuth\n", pki)
    tok_path = os.path.join(d, "tokens.json")
    if os.path.exists(tok_path):
        with open(tok_path) as f:
            tokens = json.load(f)
    else:
        tokens = {"ci-bot": "ci-bot-" + secrets.token_hex(16), "viewer": "viewer-" + secrets.token_hex(16),
                  "bad-token": "not-a-valid-token-" + secrets.token_hex(8)}
        atomic_write(tok_path, json.dumps(tokens, indent=1) + "\n", 0o600)
    viewer_file = os.path.join(d, "viewer.token")
    atomic_write(viewer_file, tokens["viewer"] + "\n", 0o600)
    return {"pki": pki, "tokens": tokens, "viewer_token_file": viewer_file}


def _b64(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()


def write_kubeconfig(d, pki, url):
    p = pki["pki"]
    ca = os.path.join(p, "ca.crt")
    t = pki["tokens"]
    text = """apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: {url}
    certificate-authority: {ca}
- name: fake-data
  cluster:
    server: {url}
    certificate-authority-data: {ca_data}
users:
- name: admin
  user:
    client-certificate: {admin_crt}
    client-key: {admin_key}
- name: alice
  user:
    client-certificate-data: {alice_crt}
    client-key-data: {alice_key}
- name: ci-bot
  user:
    token: {ci_token}
- name: viewer
  user:
    tokenFile: {viewer_file}
- name: bad-token
  user:
    token: {bad_token}
contexts:
- name: admin
  context:
    cluster: fake
    user: admin
    namespace: default
- name: alice
  context:
    cluster: fake-data
    user: alice
    namespace: team-a
- name: ci-bot
  context:
    cluster: fake
    user: ci-bot
    namespace: team-a
- name: viewer
  context:
    cluster: fake
    user: viewer
    namespace: team-a
- name: bad-token
  context:
    cluster: fake
    user: bad-token
    namespace: default
current-context: admin
preferences: {{}}
""".format(url=url, ca=ca, ca_data=_b64(ca),
           admin_crt=os.path.join(p, "admin.crt"), admin_key=os.path.join(p, "admin.key"),
           alice_crt=_b64(os.path.join(p, "alice.crt")), alice_key=_b64(os.path.join(p, "alice.key")),
           ci_token=t["ci-bot"], viewer_file=pki["viewer_token_file"], bad_token=t["bad-token"])
    path = os.path.join(d, "kubeconfig")
    atomic_write(path, text, 0o600)
    return path
