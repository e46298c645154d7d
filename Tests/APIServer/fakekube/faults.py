"""Injected faults, configured through the control API.

A rule: {"method": "GET", "path": "<regex on path>", "query": "<regex on raw query>", "times": N (-1 forever),
         "action": "status"|"drop"|"slow"|"truncate"|"html"|"wrongkind"|"drip", ...parameters}
Parameters: code, retry_after, message, reason (status/html), raw (status: this JSON body instead of a Status);
            after_bytes, after_lines (drop);
            delay (slow/drip).
"""

import itertools
import re
import threading

ACTIONS = ("status", "drop", "slow", "truncate", "html", "wrongkind", "drip")
_ids = itertools.count(1)


class FaultError(ValueError):
    pass


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []

    def add(self, rule):
        if not isinstance(rule, dict):
            raise FaultError("a fault rule is a JSON object")
        action = rule.get("action", "status")
        if action not in ACTIONS:
            raise FaultError("unknown action %r (one of %s)" % (action, ", ".join(ACTIONS)))
        r = dict(rule)
        r["action"] = action
        r.setdefault("times", 1)
        r["id"] = next(_ids)
        try:
            r["_path"] = re.compile(r.get("path") or "")
            r["_query"] = re.compile(r["query"]) if r.get("query") else None
        except re.error as e:
            raise FaultError("bad regular expression: %s" % e)
        if action == "status":
            r.setdefault("code", 500)
        r["fired"] = 0
        with self.lock:
            self.rules.append(r)
        return self.public(r)

    @staticmethod
    def public(r):
        out = {k: v for k, v in r.items() if not k.startswith("_")}
        out["remaining"] = r["times"]
        return out

    def clear(self):
        with self.lock:
            n = len(self.rules)
            self.rules = []
            return n

    def list(self):
        with self.lock:
            return [self.public(r) for r in self.rules]

    def match(self, method, path, raw_query):
        with self.lock:
            for r in self.rules:
                m = r.get("method")
                if m and m.upper() != method.upper():
                    continue
                if not r["_path"].search(path):
                    continue
                if r["_query"] is not None and not r["_query"].search(raw_query or ""):
                    continue
                if r["times"] == 0:
                    continue
                if r["times"] > 0:
                    r["times"] -= 1
                r["fired"] += 1
                if r["times"] == 0:
                    self.rules.remove(r)
                return dict(r)
        return None
