"""Small helpers shared by every module: time formats, ids, JSON the way Go writes it."""

import json
import os
import random
import time
import uuid

# Go's json.Encoder escapes these even with UTF-8 output (HTML-safe mode).
_GO_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
               ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))

_ENC = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_ENC_SORTED = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def dumps(obj, sort_keys=False):
    """Compact JSON text as the API server writes it (no trailing newline)."""
    s = (_ENC_SORTED if sort_keys else _ENC).encode(obj)
    if "<" in s or ">" in s or "&" in s or "\u2028" in s or "\u2029" in s:
        for a, b in _GO_ESCAPES:
            s = s.replace(a, b)
    return s


def dumpb(obj, sort_keys=False):
    return dumps(obj, sort_keys).encode("utf-8")


def now():
    return time.time()


def now_ns():
    return time.time_ns()


def rfc3339(ts):
    """Seconds precision, UTC, like metav1.Time."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(ts)))


def rfc3339nano(ns):
    """Go's RFC3339Nano: trailing zeros of the fraction trimmed."""
    sec, frac = divmod(int(ns), 1_000_000_000)
    base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
    if frac:
        base += ("." + ("%09d" % frac).rstrip("0"))
    return base + "Z"


def rfc3339micro(ts):
    """metav1.MicroTime format (managedFields use seconds; events' eventTime uses micro)."""
    sec = int(ts)
    us = int((ts - sec) * 1_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)) + ".%06dZ" % us


def parse_rfc3339(s):
    """Parse RFC3339 (optionally with fraction and offset) into integer nanoseconds."""
    import calendar
    s = s.strip()
    if not s:
        raise ValueError("empty time")
    offset = 0
    if s[-1] in "Zz":
        body = s[:-1]
    else:
        sign_pos = max(s.rfind("+"), s.rfind("-"))
        if sign_pos < 10:
            raise ValueError("missing zone")
        body, zone = s[:sign_pos], s[sign_pos:]
        hh, mm = zone[1:].split(":")
        offset = (int(hh) * 3600 + int(mm) * 60) * (1 if zone[0] == "+" else -1)
    frac_ns = 0
    if "." in body:
        body, frac = body.split(".", 1)
        if not frac.isdigit():
            raise ValueError("bad fraction")
        frac_ns = int((frac + "000000000")[:9])
    tm = time.strptime(body, "%Y-%m-%dT%H:%M:%S")
    sec = calendar.timegm(tm) - offset
    return sec * 1_000_000_000 + frac_ns


def new_uid():
    return str(uuid.uuid4())


# Kubernetes' utilrand.String alphabet: no vowels, no confusable digits.
_ALNUM = "bcdfghjklmnpqrstvwxz2456789"


def rand_suffix(n=5, rng=random):
    return "".join(rng.choice(_ALNUM) for _ in range(n))


def hex_digest(seed, n=64):
    import hashlib
    h = hashlib.sha256(seed.encode()).hexdigest()
    while len(h) < n:
        h += hashlib.sha256(h.encode()).hexdigest()
    return h[:n]


def human_duration(seconds):
    """k8s.io/apimachinery/pkg/util/duration.HumanDuration."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return "%ds" % s
    minutes = s // 60
    if minutes < 10:
        r = s % 60
        return "%dm" % minutes if r == 0 else "%dm%ds" % (minutes, r)
    if minutes < 180:
        return "%dm" % minutes
    hours = s // 3600
    if hours < 8:
        m = minutes % 60
        return "%dh" % hours if m == 0 else "%dh%dm" % (hours, m)
    if hours < 48:
        return "%dh" % hours
    if hours < 24 * 8:
        h = hours % 24
        return "%dd" % (hours // 24) if h == 0 else "%dd%dh" % (hours // 24, h)
    if hours < 24 * 365 * 2:
        return "%dd" % (hours // 24)
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return "%dy" % (hours // 24 // 365) if dy == 0 else "%dy%dd" % (hours // 24 // 365, dy)
    return "%dy" % (hours // 24 // 365)


def order(d, keys):
    """Return a copy of dict d with the given keys first (Go struct order), others after."""
    out = {}
    for k in keys:
        if k in d:
            out[k] = d[k]
    for k, v in d.items():
        if k not in out:
            out[k] = v
    return out


def sorted_map(d):
    return {k: d[k] for k in sorted(d)} if d else d


def clone(obj):
    """Deep copy of a JSON-like value (faster than copy.deepcopy)."""
    return json.loads(json.dumps(obj))


def atomic_write(path, data, mode=0o644):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w" if isinstance(data, str) else "wb") as f:
        f.write(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def repo_root():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.dirname(os.path.dirname(os.path.dirname(here)))


def fixtures_dir():
    """Tests/Fixtures: the upstream CRDs and examples and the recorded API-server exchanges."""
    return os.path.join(repo_root(), "Tests", "Fixtures")
