"""Label and field selectors, parsed exactly like k8s.io/apimachinery (same error texts)."""

import re

from .status import bad_request

# ---------------------------------------------------------------- label selectors

_SPECIAL = set("=!(),><")
_TOKENS = {")": "CLOSE", ",": "COMMA", "!": "NOT", "==": "DEQ", "=": "EQ", ">": "GT",
           "in": "IN", "<": "LT", "!=": "NEQ", "notin": "NOTIN", "(": "OPEN"}
_BINARY = "in, notin, =, ==, !=, gt, lt"

_QNAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_LVALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_DNS1123_SUB = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")

QNAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
             "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
             "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
LVALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
              "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
              "'my_value',  or '12345', regex used for validation is "
              "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
DNS1123_SUB_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                   "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
                   "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")


class SelectorError(Exception):
    pass


def _lex(s):
    items = []
    i, n = 0, len(s)
    while True:
        while i < n and s[i] in " \t\r\n":
            i += 1
        if i >= n:
            items.append(("EOS", ""))
            return items
        if s[i] in _SPECIAL:
            buf = ""
            last = None
            while i < n and s[i] in _SPECIAL:
                buf += s[i]
                if buf in _TOKENS:
                    last = (_TOKENS[buf], buf)
                    i += 1
                elif last is not None:
                    break
                else:
                    i += 1
            if last is None:
                items.append(("ERROR", "error expected: keyword found '%s'" % buf))
            else:
                items.append(last)
        else:
            j = i
            while j < n and s[j] not in _SPECIAL and s[j] not in " \t\r\n":
                j += 1
            word = s[i:j]
            i = j
            if word in ("in", "notin"):
                items.append((_TOKENS[word], word))
            else:
                items.append(("ID", word))


def is_qualified_name(value):
    errs = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return ["a qualified name " + QNAME_MSG +
                " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    if not name:
        errs.append("name part must be non-empty")
    elif len(name) > 63:
        errs.append("name part must be no more than 63 characters")
    if not _QNAME.match(name):
        errs.append("name part " + QNAME_MSG)
    return errs


def is_dns1123_subdomain(value):
    errs = []
    if len(value) > 253:
        errs.append("must be no more than 253 characters")
    if not _DNS1123_SUB.match(value):
        errs.append(DNS1123_SUB_MSG)
    return errs


def is_valid_label_value(v):
    errs = []
    if len(v) > 63:
        errs.append("must be no more than 63 characters")
    if not _LVALUE.match(v):
        errs.append(LVALUE_MSG)
    return errs


def _go_strs(vals):
    return "[]string{" + ", ".join('"%s"' % v for v in vals) + "}"


class _Parser:
    def __init__(self, s):
        self.items = _lex(s)
        self.pos = 0

    def lookahead(self, values):
        tok, lit = self.items[self.pos]
        if values and tok in ("IN", "NOTIN"):
            tok = "ID"
        return tok, lit

    def consume(self, values):
        tok, lit = self.lookahead(values)
        if self.pos < len(self.items) - 1:
            self.pos += 1
        return tok, lit

    def parse(self):
        reqs = []
        while True:
            tok, lit = self.lookahead(True)
            if tok in ("ID", "NOT"):
                try:
                    r = self.requirement()
                except SelectorError as e:
                    raise SelectorError("unable to parse requirement: %s" % e)
                reqs.append(r)
                t, l = self.consume(True)
                if t == "EOS":
                    return reqs
                if t == "COMMA":
                    t2, l2 = self.lookahead(True)
                    if t2 not in ("ID", "NOT"):
                        raise SelectorError("found '%s', expected: identifier after ','" % l2)
                else:
                    raise SelectorError("found '%s', expected: ',' or 'end of string'" % l)
            elif tok == "EOS":
                return reqs
            else:
                raise SelectorError("found '%s', expected: !, identifier, or 'end of string'" % lit)

    def requirement(self):
        op = None
        tok, lit = self.consume(True)
        if tok == "NOT":
            op = "!"
            tok, lit = self.consume(True)
        if tok != "ID":
            raise SelectorError("found '%s', expected: identifier" % lit)
        errs = is_qualified_name(lit)
        if errs:
            raise SelectorError('key: Invalid value: "%s": %s' % (lit, "; ".join(errs)))
        key = lit
        t, _ = self.lookahead(True)
        if t in ("EOS", "COMMA"):
            if op != "!":
                op = "exists"
        if op in ("!", "exists"):
            return (key, op, [])
        tok, lit = self.consume(False)
        ops = {"IN": "in", "EQ": "=", "DEQ": "==", "GT": "gt", "LT": "lt", "NOTIN": "notin", "NEQ": "!="}
        if tok not in ops:
            raise SelectorError("found '%s', expected: %s" % (lit, _BINARY))
        op = ops[tok]
        if op in ("in", "notin"):
            vals = self.values()
        else:
            vals = self.exact_value()
        vals = sorted(set(vals))
        return _new_requirement(key, op, vals)

    def values(self):
        tok, lit = self.consume(True)
        if tok != "OPEN":
            raise SelectorError("found '%s' expected: '('" % lit)
        tok, lit = self.lookahead(True)
        if tok in ("ID", "COMMA"):
            s = self.identifiers()
            tok2, _ = self.consume(True)
            if tok2 != "CLOSE":
                raise SelectorError("found '%s', expected: ')'" % lit)
            return s
        if tok == "CLOSE":
            self.consume(True)
            return [""]
        raise SelectorError("found '%s', expected: ',', ')' or identifier" % lit)

    def identifiers(self):
        s = set()
        while True:
            tok, lit = self.consume(True)
            if tok == "ID":
                s.add(lit)
                t2, l2 = self.lookahead(True)
                if t2 == "COMMA":
                    continue
                if t2 == "CLOSE":
                    return list(s)
                raise SelectorError("found '%s', expected: ',' or ')'" % l2)
            elif tok == "COMMA":
                if not s:
                    s.add("")
                t2, _ = self.lookahead(True)
                if t2 == "CLOSE":
                    s.add("")
                    return list(s)
                if t2 == "COMMA":
                    self.consume(True)
                    s.add("")
            else:
                raise SelectorError("found '%s', expected: ',', or identifier" % lit)

    def exact_value(self):
        tok, _ = self.lookahead(True)
        if tok in ("EOS", "COMMA"):
            return [""]
        tok, lit = self.consume(True)
        if tok == "ID":
            return [lit]
        raise SelectorError("found '%s', expected: identifier" % lit)


def _new_requirement(key, op, vals):
    errs = []
    if op in ("in", "notin") and not vals:
        errs.append("values: Invalid value: %s: for 'in', 'notin' operators, values set can't be empty" % _go_strs(vals))
    if op in ("=", "==", "!=") and len(vals) != 1:
        errs.append("values: Invalid value: %s: exact-match compatibility requires one single value" % _go_strs(vals))
    if op in ("gt", "lt"):
        if len(vals) != 1:
            errs.append("values: Invalid value: %s: for 'Gt', 'Lt' operators, exactly one value is required" % _go_strs(vals))
        for i, v in enumerate(vals):
            if not re.match(r"^[+-]?\d+$", v):
                errs.append('values[%d]: Invalid value: "%s": for \'Gt\', \'Lt\' operators, the value must be an integer' % (i, v))
    for i, v in enumerate(vals):
        ve = is_valid_label_value(v)
        if ve:
            errs.append('values[%d][%s]: Invalid value: "%s": %s' % (i, key, v, "; ".join(ve)))
    if errs:
        raise SelectorError(errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]")
    return (key, op, vals)


class LabelSelector:
    def __init__(self, reqs):
        self.reqs = sorted(reqs, key=lambda r: r[0])

    def empty(self):
        return not self.reqs

    def matches(self, labels):
        labels = labels or {}
        for key, op, vals in self.reqs:
            has = key in labels
            if op == "exists":
                if not has:
                    return False
            elif op == "!":
                if has:
                    return False
            elif op in ("=", "==", "in"):
                if not has or labels[key] not in vals:
                    return False
            elif op in ("!=", "notin"):
                if has and labels[key] in vals:
                    return False
            elif op in ("gt", "lt"):
                if not has:
                    return False
                try:
                    lv = int(labels[key])
                except ValueError:
                    return False
                rv = int(vals[0])
                if (op == "gt" and not lv > rv) or (op == "lt" and not lv < rv):
                    return False
        return True


def parse_label_selector(s):
    """Parse; raise APIError 400 on a malformed selector."""
    if s is None or s.strip() == "":
        return LabelSelector([])
    try:
        return LabelSelector(_Parser(s).parse())
    except SelectorError as e:
        raise bad_request(str(e))


def parse_label_selector_raw(s):
    """Parse; raise SelectorError (used by control/bulk code)."""
    if not s:
        return LabelSelector([])
    return LabelSelector(_Parser(s).parse())


def match_label_selector_obj(sel, labels):
    """Match a metav1.LabelSelector object (matchLabels/matchExpressions)."""
    labels = labels or {}
    for k, v in (sel.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in sel.get("matchExpressions") or []:
        k, op, vals = e.get("key"), e.get("operator"), e.get("values") or []
        if op == "In" and labels.get(k) not in vals:
            return False
        if op == "NotIn" and k in labels and labels[k] in vals:
            return False
        if op == "Exists" and k not in labels:
            return False
        if op == "DoesNotExist" and k in labels:
            return False
    return True

# ---------------------------------------------------------------- field selectors


def _split_terms(s):
    terms, cur, i = [], "", 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            cur += c + s[i + 1]
            i += 2
            continue
        if c == ",":
            terms.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    terms.append(cur)
    return terms


def _unescape(v):
    out, i = "", 0
    while i < len(v):
        c = v[i]
        if c == "\\":
            if i + 1 >= len(v):
                raise bad_request("invalid field selector: %s" % "unterminated escape sequence")
            n = v[i + 1]
            if n not in "\\,=":
                raise bad_request("invalid field selector: invalid escape sequence: \\%s" % n)
            out += n
            i += 2
            continue
        if c in ",=":
            raise bad_request("invalid field selector: invalid selector: unescaped %s" % c)
        out += c
        i += 1
    return out


class FieldSelector:
    def __init__(self, terms):
        self.terms = terms  # list of (field, op, value) with op in ("=", "!=")

    def empty(self):
        return not self.terms

    def matches(self, fields):
        for f, op, v in self.terms:
            have = fields.get(f, "")
            if op == "=" and have != v:
                return False
            if op == "!=" and have == v:
                return False
        return True

    def exact_name(self):
        for f, op, v in self.terms:
            if f == "metadata.name" and op == "=":
                return v
        return None


def parse_field_selector(s, supported):
    """Parse and check the field labels against `supported` (a set)."""
    if s is None or s.strip() == "":
        return FieldSelector([])
    terms = []
    for part in sorted(_split_terms(s)):
        if part == "":
            continue
        found = None
        for i in range(len(part)):
            for op in ("!=", "==", "="):
                if part.startswith(op, i):
                    found = (part[:i], op, part[i + len(op):])
                    break
            if found:
                break
        if not found:
            raise bad_request("invalid selector: '%s'; can't understand '%s'" % (s, part))
        lhs, op, rhs = found
        rhs = _unescape(rhs)
        if lhs not in supported:
            raise bad_request("field label not supported: %s" % lhs)
        terms.append((lhs, "!=" if op == "!=" else "=", rhs))
    return FieldSelector(terms)
