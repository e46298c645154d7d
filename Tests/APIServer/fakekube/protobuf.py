"""Just enough Kubernetes protobuf decoding for the review requests kubectl sends as protobuf.

`kubectl auth can-i` and `kubectl auth whoami` POST application/vnd.kubernetes.protobuf bodies:
the "k8s\\0" magic, then a runtime.Unknown {typeMeta{apiVersion, kind}, raw} whose raw is the object.
"""

MAGIC = b"k8s\x00"


class ProtoError(ValueError):
    pass


def _varint(b, i):
    shift = out = 0
    while True:
        if i >= len(b):
            raise ProtoError("truncated varint")
        c = b[i]
        i += 1
        out |= (c & 0x7F) << shift
        if not c & 0x80:
            return out, i
        shift += 7


def fields(b):
    """{field number: [values]} for one message (bytes for length-delimited, int for varints)."""
    out = {}
    i = 0
    while i < len(b):
        key, i = _varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _varint(b, i)
        elif wt == 2:
            n, i = _varint(b, i)
            v = b[i:i + n]
            i += n
        elif wt == 1:
            v = b[i:i + 8]
            i += 8
        elif wt == 5:
            v = b[i:i + 4]
            i += 4
        else:
            raise ProtoError("unsupported wire type %d" % wt)
        out.setdefault(num, []).append(v)
    return out


def _str(f, n):
    v = f.get(n)
    return v[0].decode("utf-8") if v else None


def envelope(body):
    if not body.startswith(MAGIC):
        raise ProtoError("missing k8s protobuf magic")
    unk = fields(body[4:])
    tm = fields(unk.get(1, [b""])[0])
    return _str(tm, 1) or "", _str(tm, 2) or "", unk.get(2, [b""])[0]


_RA = {1: "namespace", 2: "verb", 3: "group", 4: "version", 5: "resource", 6: "subresource", 7: "name"}


def decode_review(body):
    """Decode a SelfSubjectAccessReview / SelfSubjectRulesReview / SelfSubjectReview into its JSON form."""
    api, kind, raw = envelope(body)
    obj = {"kind": kind, "apiVersion": api}
    top = fields(raw)
    spec = fields(top.get(2, [b""])[0]) if 2 in top else {}
    if kind == "SelfSubjectAccessReview":
        s = {}
        if 1 in spec:
            ra = fields(spec[1][0])
            s["resourceAttributes"] = {name: _str(ra, n) for n, name in _RA.items() if _str(ra, n)}
        if 2 in spec:
            nra = fields(spec[2][0])
            s["nonResourceAttributes"] = {k: v for k, v in (("path", _str(nra, 1)), ("verb", _str(nra, 2))) if v}
        obj["spec"] = s
    elif kind == "SelfSubjectRulesReview":
        ns = _str(spec, 1)
        obj["spec"] = {"namespace": ns} if ns else {}
    return obj
