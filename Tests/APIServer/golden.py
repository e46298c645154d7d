"""Read the recorded kube-apiserver exchanges in Tests/Fixtures/apiserver-golden/*.http."""

import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(HERE), "Fixtures")
GOLDEN = os.path.join(FIXTURES, "apiserver-golden")


class Exchange:
    def __init__(self, path):
        raw = open(path, "rb").read()
        head, _, body = raw.partition(b"\n\n")
        lines = head.decode().split("\n")
        self.request = lines[0]
        self.method, _, self.target = self.request.partition(" ")
        proto, code, reason = lines[1].split(" ", 2)
        self.code = int(code)
        self.reason = reason
        self.headers = {}
        for line in lines[2:]:
            k, _, v = line.partition(": ")
            self.headers[k.lower()] = v
        self.body = body

    def json(self):
        return json.loads(self.body)

    def lines(self):
        return [json.loads(x) for x in self.body.decode().splitlines() if x.strip()]


def load(number):
    paths = glob.glob(os.path.join(GOLDEN, "%02d-*.http" % number))
    if not paths:
        raise FileNotFoundError("golden exchange %02d not found in %s" % (number, GOLDEN))
    return Exchange(paths[0])


def strip_volatile(obj):
    """Drop fields that differ between any two servers (uids, times, resourceVersions, managedFields)."""
    if isinstance(obj, dict):
        return {k: strip_volatile(v) for k, v in obj.items()
                if k not in ("uid", "resourceVersion", "creationTimestamp", "managedFields", "time",
                             "lastTransitionTime", "lastUpdateTime", "startTime", "completionTime",
                             "deletionTimestamp", "continue", "remainingItemCount")}
    if isinstance(obj, list):
        return [strip_volatile(x) for x in obj]
    return obj
