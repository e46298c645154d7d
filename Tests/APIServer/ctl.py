#!/usr/bin/env python3
"""Drive a running test API server's control API from the shell.

  ctl.py --dir DIR faults                      list fault rules
  ctl.py --dir DIR faults '{"path":"/mpijobs","code":503,"times":2}'    add a rule (action defaults to status)
  ctl.py --dir DIR faults clear                remove all rules
  ctl.py --dir DIR requests [clear]            the request log (or clear it)
  ctl.py --dir DIR compact | drop-watches | drop-logs | healthz | jobs
  ctl.py --dir DIR bulk '{"namespace":"bench","count":2000,"state":"Running","workers":2}'
  ctl.py --dir DIR transition NAMESPACE NAME Succeeded|Failed|Running
  ctl.py --dir DIR reset ['{"seed":"none"}']
Prints the JSON answer; exits 1 on an error answer.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=300) as r:
            return 0, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        try:
            return 1, json.loads(e.read())
        except ValueError:
            return 1, {"error": "HTTP %d" % e.code}
    except urllib.error.URLError as e:
        return 1, {"error": "cannot reach the control API at %s: %s" % (base, e.reason)}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True, help="the server's --dir (holds server.json)")
    p.add_argument("command")
    p.add_argument("args", nargs="*")
    a = p.parse_args(argv)
    try:
        with open(os.path.join(a.dir, "server.json")) as f:
            base = json.load(f)["control_url"]
    except (OSError, ValueError, KeyError) as e:
        print("error: no running server in %s (%s)" % (a.dir, e), file=sys.stderr)
        return 1

    def arg_json(i, default=None):
        if len(a.args) <= i:
            return default
        try:
            return json.loads(a.args[i])
        except ValueError as e:
            print("error: argument is not JSON: %s" % e, file=sys.stderr)
            sys.exit(2)

    cmd = a.command
    if cmd == "faults":
        if not a.args:
            code, out = call(base, "GET", "/faults")
        elif a.args[0] == "clear":
            code, out = call(base, "DELETE", "/faults")
        else:
            code, out = call(base, "POST", "/faults", arg_json(0))
    elif cmd == "requests":
        code, out = call(base, "DELETE" if a.args[:1] == ["clear"] else "GET", "/requests")
    elif cmd in ("compact", "drop-watches", "drop-logs"):
        code, out = call(base, "POST", "/" + cmd)
    elif cmd in ("healthz", "jobs"):
        code, out = call(base, "GET", "/" + cmd)
    elif cmd == "bulk":
        code, out = call(base, "POST", "/bulk", arg_json(0, {}))
    elif cmd == "transition":
        if len(a.args) != 3:
            print("usage: ctl.py --dir DIR transition NAMESPACE NAME Succeeded|Failed|Running", file=sys.stderr)
            return 2
        code, out = call(base, "POST", "/jobs/%s/%s/transition" % (a.args[0], a.args[1]), {"to": a.args[2]})
    elif cmd == "reset":
        code, out = call(base, "POST", "/reset", arg_json(0, {"seed": "standard"}))
    else:
        print("error: unknown command %r" % cmd, file=sys.stderr)
        return 2
    print(json.dumps(out, indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main())
