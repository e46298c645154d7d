"""Continue tokens the way the etcd3 storage encodes them: base64url(JSON{v, rv, start})."""

import base64
import binascii
import json

from . import status


def encode(rv, start):
    data = json.dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": start}, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).rstrip(b"=").decode()


def decode(token):
    """Return (rv, start_key). Raise 400 on a malformed token."""
    def bad(why):
        return status.bad_request("invalid continue token: continue key is not valid: %s" % why)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError) as e:
        raise bad("illegal base64 data at input byte 0" if not str(e) else str(e))
    try:
        c = json.loads(raw)
    except ValueError:
        raise bad("invalid character looking for beginning of value")
    if not isinstance(c, dict) or c.get("v") != "meta.k8s.io/v1":
        raise status.bad_request("invalid continue token: continue key is not valid: server does not recognize "
                                 "this encoded version")
    rv = c.get("rv")
    if not isinstance(rv, int) or rv == 0:
        raise status.bad_request("invalid continue token: continue key is not valid: incorrect encoded start "
                                 "resourceVersion (version meta.k8s.io/v1)")
    start = c.get("start")
    if not isinstance(start, str) or not start:
        raise status.bad_request("invalid continue token: continue key is not valid: encoded start key empty "
                                 "(version meta.k8s.io/v1)")
    return rv, start.lstrip("/")


def key_of(entry, namespaced_list):
    return entry.name if namespaced_list else ("%s/%s" % (entry.ns, entry.name) if entry.ns else entry.name)
