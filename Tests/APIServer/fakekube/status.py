"""metav1.Status bodies with the exact wording kube-apiserver uses."""

from .util import dumpb

REASONS = {
    400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
    405: "MethodNotAllowed", 406: "NotAcceptable", 409: "Conflict", 410: "Expired",
    413: "RequestEntityTooLarge", 415: "UnsupportedMediaType", 422: "Invalid",
    429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable", 504: "Timeout",
}

DEFAULT_MESSAGES = {
    400: "the server rejected our request for an unknown reason",
    401: "Unauthorized",
    403: "forbidden",
    404: "the server could not find the requested resource",
    405: "the server does not allow this method on the requested resource",
    409: "the server reported a conflict",
    410: "the resource has expired",
    422: "the server rejected our request due to an error in our request",
    429: "Too many requests, please try again later.",
    500: "Internal error occurred: injected fault",
    502: "the server received an invalid response from an upstream server",
    503: "the server is currently unable to handle the request",
    504: "the server was unable to return a response in the time allotted, but may still be processing the request",
}


class APIError(Exception):
    """An error the API server answers with a Status body."""

    def __init__(self, code, reason, message, details=None, headers=None, list_meta=None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.headers = headers or {}
        self.list_meta = list_meta

    def status(self):
        return status_obj(self.code, self.reason, self.message, self.details, self.list_meta)

    def body(self):
        return dumpb(self.status()) + b"\n"


def status_obj(code, reason, message, details=None, list_meta=None):
    st = {"kind": "Status", "apiVersion": "v1", "metadata": list_meta or {}, "status": "Failure"}
    if message:
        st["message"] = message
    if reason:
        st["reason"] = reason
    if details is not None:
        st["details"] = details
    st["code"] = code
    return st


def success_status(details):
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details}


def _details(name=None, group=None, kind=None, uid=None, causes=None, retry=None):
    d = {}
    if name:
        d["name"] = name
    if group:
        d["group"] = group
    if kind:
        d["kind"] = kind
    if uid:
        d["uid"] = uid
    if causes:
        d["causes"] = causes
    if retry:
        d["retryAfterSeconds"] = retry
    return d


def qualified(resource, group):
    return "%s.%s" % (resource, group) if group else resource


def not_found(resource, group, name):
    return APIError(404, "NotFound", '%s "%s" not found' % (qualified(resource, group), name),
                    _details(name, group, resource))


def already_exists(resource, group, name):
    return APIError(409, "AlreadyExists", '%s "%s" already exists' % (qualified(resource, group), name),
                    _details(name, group, resource))


def conflict(resource, group, name, why="the object has been modified; please apply your changes to the latest version and try again"):
    return APIError(409, "Conflict", 'Operation cannot be fulfilled on %s "%s": %s'
                    % (qualified(resource, group), name, why), _details(name, group, resource))


def forbidden(user, verb, resource, group, namespace, name=None, subresource=None):
    res = resource + ("/" + subresource if subresource else "")
    what = qualified(resource, group)
    if name:
        what += ' "%s"' % name
    scope = 'in the namespace "%s"' % namespace if namespace else "at the cluster scope"
    msg = '%s is forbidden: User "%s" cannot %s resource "%s" in API group "%s" %s' % (
        what, user, verb, res, group, scope)
    return APIError(403, "Forbidden", msg, _details(name, group, resource))


def unauthorized():
    return APIError(401, "Unauthorized", "Unauthorized")


def bad_request(message):
    return APIError(400, "BadRequest", message)


def method_not_allowed():
    return APIError(405, "MethodNotAllowed", DEFAULT_MESSAGES[405], {})


def not_acceptable():
    return APIError(406, "NotAcceptable",
                    "the server was unable to respond with a content type that the client supports")


def unsupported_media_type(ctype, accepted):
    return APIError(415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: "
                    + ", ".join(accepted), {})


def expired(message):
    return APIError(410, "Expired", message)


def gone_generic():
    return APIError(404, "NotFound", DEFAULT_MESSAGES[404], {})


def cause(reason, message, field):
    return {"reason": reason, "message": message, "field": field}


def invalid(kind, group, name, causes):
    """422 Invalid with field causes; message aggregates 'field: message'."""
    parts = ["%s: %s" % (c["field"], c["message"]) if c.get("field") else c["message"] for c in causes]
    agg = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
    gk = "%s.%s" % (kind, group) if group else kind
    msg = '%s "%s" is invalid: %s' % (gk, name, agg)
    return APIError(422, "Invalid", msg, _details(name, group, kind, causes=causes))


def too_large_rv(rv, current):
    return APIError(504, "Timeout", "Timeout: Too large resource version: %s, current: %s" % (rv, current),
                    _details(causes=[{"reason": "ResourceVersionTooLarge", "message": "Too large resource version"}],
                             retry=1))


def internal(message):
    return APIError(500, "InternalError", "Internal error occurred: %s" % message,
                    _details(causes=[{"message": message}]))


def from_code(code, message=None, reason=None, retry_after=None):
    """A generic Status for an injected fault."""
    reason = reason or REASONS.get(code, "")
    message = message or DEFAULT_MESSAGES.get(code, "injected fault")
    details = None
    if retry_after is not None:
        details = {"retryAfterSeconds": int(retry_after)}
    elif code in (429, 503, 504):
        details = {}
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = str(int(retry_after))
    return APIError(code, reason, message, details, headers)
