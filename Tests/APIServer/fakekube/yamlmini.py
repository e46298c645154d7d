"""A small YAML subset reader (block maps/lists, scalars, quotes, flow [] {}, | and > blocks).

Enough for the upstream example manifests and for application/yaml request bodies.
Python's standard library has no YAML parser, and the server must not need third-party packages.
"""

import json
import re


class YAMLError(ValueError):
    pass


_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _scalar(tok):
    t = tok.strip()
    if t == "" or t in ("~", "null", "Null", "NULL"):
        return None
    if t in ("true", "True", "TRUE"):
        return True
    if t in ("false", "False", "FALSE"):
        return False
    if t[0] == '"':
        return json.loads(t)
    if t[0] == "'":
        return t[1:-1].replace("''", "'")
    if _INT.match(t):
        return int(t)
    if _FLOAT.match(t) and any(c.isdigit() for c in t):
        return float(t)
    if t.startswith("[") or t.startswith("{"):
        return _flow(t)
    return t


def _flow(t):
    """Flow collections: convert to JSON by quoting bare words."""
    out, i = [], 0
    while i < len(t):
        c = t[i]
        if c in "[]{},:":
            out.append(c)
            i += 1
        elif c in " \t":
            i += 1
        elif c == '"':
            j = i + 1
            while j < len(t) and t[j] != '"':
                j += 2 if t[j] == "\\" else 1
            out.append(t[i:j + 1])
            i = j + 1
        elif c == "'":
            j = t.index("'", i + 1)
            out.append(json.dumps(t[i + 1:j]))
            i = j + 1
        else:
            j = i
            while j < len(t) and t[j] not in "[]{},":
                if t[j] == ":" and (j + 1 == len(t) or t[j + 1] == " "):
                    break
                j += 1
            out.append(json.dumps(_scalar(t[i:j])))
            i = j
    try:
        return json.loads("".join(out))
    except ValueError as e:
        raise YAMLError("bad flow collection %r: %s" % (t, e))


def _strip_comment(line):
    q = None
    for i, c in enumerate(line):
        if q:
            if c == q:
                q = None
        elif c in "\"'" and (i == 0 or line[i - 1] in " \t:[{,-"):
            q = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _split_key(text):
    """Return (key, rest) if text is 'key: rest' / 'key:' else None."""
    if text[0] in "\"'":
        q = text[0]
        j = text.index(q, 1)
        while q == '"' and text[j - 1] == "\\":
            j = text.index(q, j + 1)
        key = _scalar(text[:j + 1])
        rest = text[j + 1:].lstrip()
        if rest.startswith(":"):
            return key, rest[1:].strip()
        return None
    m = re.match(r"^([^\s][^:]*?|[^:]*?):(\s+|$)(.*)$", text)
    if not m or text.startswith("- ") or text == "-":
        return None
    return m.group(1).strip(), m.group(3)


class _Reader:
    def __init__(self, text):
        self.lines = []
        raw = text.split("\n")
        self.raw = raw
        for n, line in enumerate(raw):
            s = _strip_comment(line)
            if s.strip() == "":
                continue
            ind = len(s) - len(s.lstrip(" "))
            self.lines.append((ind, s.strip(), n))
        self.i = 0

    def peek(self):
        return self.lines[self.i] if self.i < len(self.lines) else None

    def block_scalar(self, style, parent_ind, lineno):
        out, n = [], lineno + 1
        ind = None
        while n < len(self.raw):
            line = self.raw[n]
            if line.strip() == "":
                out.append("")
                n += 1
                continue
            li = len(line) - len(line.lstrip(" "))
            if li <= parent_ind:
                break
            if ind is None:
                ind = li
            if li < ind:
                break
            out.append(line[ind:])
            n += 1
        while self.i < len(self.lines) and self.lines[self.i][2] < n:
            self.i += 1
        while out and out[-1] == "":
            out.pop()
        chomp = style[1:2]
        if style[0] == "|":
            s = "\n".join(out)
        else:
            s = " ".join(x for x in out if x != "")
        return s if chomp == "-" else s + "\n"

    def value(self, rest, ind, lineno):
        if rest in ("|", "|-", "|+", ">", ">-", ">+"):
            return self.block_scalar(rest, ind, lineno)
        if rest == "":
            nxt = self.peek()
            if nxt and (nxt[0] > ind or (nxt[0] == ind and nxt[1].startswith("- ") or nxt and nxt[0] == ind and nxt[1] == "-")):
                return self.node(nxt[0])
            return None
        return _scalar(rest)

    def node(self, ind):
        first = self.peek()
        if first[1] == "-" or first[1].startswith("- "):
            return self.seq(first[0])
        return self.map(first[0])

    def seq(self, ind):
        out = []
        while True:
            cur = self.peek()
            if not cur or cur[0] != ind or not (cur[1] == "-" or cur[1].startswith("- ")):
                return out
            self.i += 1
            text = cur[1][1:].strip()
            if text == "":
                nxt = self.peek()
                out.append(self.node(nxt[0]) if nxt and nxt[0] > ind else None)
                continue
            kv = _split_key(text)
            if kv and not text.startswith(("[", "{", '"', "'")) or (kv and text[0] in "\"'"):
                # a mapping starting on the dash line; its keys sit at ind+2 (or wherever the text starts)
                sub_ind = ind + (len(cur[1]) - len(text))
                self.lines.insert(self.i, (sub_ind, text, cur[2]))
                out.append(self.map(sub_ind))
            else:
                out.append(self.value(text, ind, cur[2]))

    def map(self, ind):
        out = {}
        while True:
            cur = self.peek()
            if not cur or cur[0] != ind:
                return out
            if cur[1] == "-" or cur[1].startswith("- "):
                return out
            kv = _split_key(cur[1])
            if not kv:
                raise YAMLError("line %d: expected 'key: value', got %r" % (cur[2] + 1, cur[1]))
            self.i += 1
            key, rest = kv
            out[key] = self.value(rest, ind, cur[2])


def load_all(text):
    docs, cur = [], []
    for line in text.split("\n"):
        if line.rstrip() == "---" or line.startswith("--- "):
            docs.append("\n".join(cur))
            cur = []
        elif line.rstrip() == "...":
            continue
        else:
            cur.append(line)
    docs.append("\n".join(cur))
    out = []
    for d in docs:
        r = _Reader(d)
        if not r.lines:
            continue
        if len(r.lines) == 1 and _split_key(r.lines[0][1]) is None and not r.lines[0][1].startswith("-"):
            out.append(_scalar(r.lines[0][1]))
            continue
        v = r.node(r.lines[0][0])
        if r.peek() is not None:
            bad = r.peek()
            raise YAMLError("line %d: unexpected indentation" % (bad[2] + 1))
        out.append(v)
    return out


def load(text):
    docs = load_all(text)
    return docs[0] if docs else None
