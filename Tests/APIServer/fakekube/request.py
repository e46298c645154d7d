"""Request/response values passed between the HTTP layer and the API logic; body decoding."""

import json

from . import status
from . import yamlmini


class Request:
    def __init__(self, method, path, query, raw_query, headers, body, user=None):
        self.method = method
        self.path = path
        self.query = query
        self.raw_query = raw_query
        self.headers = headers
        self.body = body
        self.user = user
        self.warnings = []

    def q(self, name, default=None):
        v = self.query.get(name)
        return v[0] if v else default

    def qbool(self, name):
        v = self.q(name)
        return v is not None and v.lower() in ("true", "1", "t", "yes")

    def qint(self, name, default=None):
        v = self.q(name)
        if v is None or v == "":
            return default
        try:
            return int(v)
        except ValueError:
            raise status.bad_request('strconv.ParseInt: parsing "%s": invalid syntax' % v)

    @property
    def user_agent(self):
        return self.headers.get("User-Agent", "")

    @property
    def content_type(self):
        return (self.headers.get("Content-Type") or "application/json").split(";")[0].strip().lower()

    @property
    def accept(self):
        return self.headers.get("Accept") or ""

    def dry_run(self):
        vals = self.query.get("dryRun") or []
        for v in vals:
            if v != "All":
                raise status.bad_request('dryRun: Unsupported value: "%s": supported values: "All"' % v)
        return bool(vals)


class Response:
    def __init__(self, code=200, body=b"", ctype="application/json", headers=None, stream=None, chunked=None):
        self.code = code
        self.body = body
        self.ctype = ctype
        self.headers = headers or []
        self.stream = stream
        self.chunked = chunked
        # Seconds a real apiserver would take to produce this answer (--cost-model real).
        self.cost = 0.0


def _go_char(c):
    return {"\n": "'\\n'", "\t": "'\\t'", "\r": "'\\r'", "'": "'\\''"}.get(c, "'%s'" % c)


def go_json_error(doc, e):
    """Translate a Python JSONDecodeError into encoding/json's wording."""
    pos = e.pos
    ch = doc[pos] if pos < len(doc) else None
    m = e.msg
    if ch is None or m.startswith("Unterminated string"):
        return "unexpected end of JSON input"
    if m.startswith("Expecting property name"):
        return "invalid character %s looking for beginning of object key string" % _go_char(ch)
    if m.startswith("Expecting ':'"):
        return "invalid character %s after object key" % _go_char(ch)
    if m.startswith("Expecting ','"):
        depth = []
        in_str = esc = False
        for c in doc[:pos]:
            if in_str:
                if esc:
                    esc = False
                elif c == "\\":
                    esc = True
                elif c == '"':
                    in_str = False
            elif c == '"':
                in_str = True
            elif c in "[{":
                depth.append(c)
            elif c in "]}" and depth:
                depth.pop()
        if depth and depth[-1] == "[":
            return "invalid character %s after array element" % _go_char(ch)
        return "invalid character %s after object key:value pair" % _go_char(ch)
    if m.startswith("Extra data"):
        return "invalid character %s after top-level value" % _go_char(ch)
    if m.startswith("Invalid control character"):
        return "invalid character %s in string literal" % _go_char(ch)
    return "invalid character %s looking for beginning of value" % _go_char(ch)


def summarize(data):
    if not data:
        return "<empty>"
    if data[:1] == b"{":
        return data[:30].decode("utf-8", "replace") + (" ..." if len(data) > 30 else "")
    return data[:30].hex() + (" ..." if len(data) > 30 else "")


def decode_object(req, rtype):
    """Decode a create/update body into a dict, with kind/apiVersion defaulted and checked."""
    ct = req.content_type
    body = req.body or b""
    if ct == "application/apply-patch+yaml" and body.lstrip()[:1] == b"{":
        ct = "application/json"
    if ct in ("application/yaml", "application/x-yaml", "text/yaml", "application/apply-patch+yaml"):
        try:
            obj = yamlmini.load(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise status.bad_request("the object provided is unrecognized (must be of type %s): "
                                     "couldn't get version/kind; json parse error: %s (%s)"
                                     % (rtype.kind, e, summarize(body)))
    elif ct in ("application/json", "*/*", ""):
        text = body.decode("utf-8", "replace")
        try:
            obj = json.loads(text) if text.strip() else None
        except json.JSONDecodeError as e:
            raise status.bad_request("the object provided is unrecognized (must be of type %s): "
                                     "couldn't get version/kind; json parse error: %s (%s)"
                                     % (rtype.kind, go_json_error(text, e), summarize(body)))
        if obj is None and not text.strip():
            raise status.bad_request("the object provided is unrecognized (must be of type %s): "
                                     "couldn't get version/kind; json parse error: unexpected end of JSON input "
                                     "(<empty>)" % rtype.kind)
    else:
        raise status.unsupported_media_type(ct, ["application/json", "application/yaml",
                                                 "application/vnd.kubernetes.protobuf"])
    if not isinstance(obj, dict):
        raise status.bad_request("the object provided is unrecognized (must be of type %s): "
                                 "couldn't get version/kind; json parse error: json: cannot unmarshal %s into Go "
                                 "value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; "
                                 "Kind string \"json:\\\"kind,omitempty\\\"\" } (%s)"
                                 % (rtype.kind, _json_kind(obj), summarize(body)))
    obj.setdefault("apiVersion", rtype.api_version)
    obj.setdefault("kind", rtype.kind)
    if not obj.get("apiVersion"):
        obj["apiVersion"] = rtype.api_version
    if not obj.get("kind"):
        obj["kind"] = rtype.kind
    if obj["apiVersion"] != rtype.api_version:
        raise status.bad_request("the API version in the data (%s) does not match the expected API version (%s)"
                                 % (obj["apiVersion"], rtype.api_version))
    if not isinstance(obj.get("metadata", {}), dict):
        raise status.bad_request("the object provided is unrecognized (must be of type %s): metadata must be an "
                                 "object (%s)" % (rtype.kind, summarize(body)))
    obj.setdefault("metadata", {})
    return obj


def _json_kind(v):
    if isinstance(v, list):
        return "array"
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    return "null"


def decode_json(req, what="body"):
    text = (req.body or b"").decode("utf-8", "replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise status.bad_request("couldn't decode %s: %s" % (what, go_json_error(text, e)))
