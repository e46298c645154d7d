"""JSON merge patch (RFC 7386), JSON patch (RFC 6902) and a small strategic-merge subset."""

import copy


class PatchError(Exception):
    def __init__(self, msg, invalid=False):
        super().__init__(msg)
        self.invalid = invalid


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def strategic_merge(target, patch):
    """Merge patch, except lists of objects with a 'name' key are merged by name."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if k.startswith("$"):
            continue
        if v is None:
            out.pop(k, None)
        elif isinstance(v, list) and isinstance(out.get(k), list) and v and all(
                isinstance(x, dict) and "name" in x for x in v + out[k]):
            merged = [dict(x) for x in out[k]]
            idx = {x["name"]: i for i, x in enumerate(merged)}
            for x in v:
                if x.get("$patch") == "delete":
                    if x["name"] in idx:
                        merged[idx[x["name"]]] = None
                    continue
                if x["name"] in idx:
                    merged[idx[x["name"]]] = strategic_merge(merged[idx[x["name"]]], x)
                else:
                    merged.append(copy.deepcopy(x))
            out[k] = [x for x in merged if x is not None]
        else:
            out[k] = strategic_merge(out.get(k), v)
    return out


def _unescape(tok):
    return tok.replace("~1", "/").replace("~0", "~")


def _split(path):
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError('invalid JSON Pointer "%s"' % path)
    return [_unescape(t) for t in path[1:].split("/")]


def _walk(doc, toks, op):
    cur = doc
    for t in toks[:-1]:
        if isinstance(cur, dict):
            if t not in cur:
                raise PatchError("doc is missing path: \"/%s\": missing value" % "/".join(toks))
            cur = cur[t]
        elif isinstance(cur, list):
            try:
                cur = cur[int(t)]
            except (ValueError, IndexError):
                raise PatchError("doc is missing path: \"/%s\": missing value" % "/".join(toks))
        else:
            raise PatchError("doc is missing path: \"/%s\": missing value" % "/".join(toks))
    return cur


def json_patch(doc, ops):
    if not isinstance(ops, list):
        raise PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    doc = copy.deepcopy(doc)
    for op in ops:
        if not isinstance(op, dict):
            raise PatchError("invalid JSON patch operation")
        kind = op.get("op")
        toks = _split(op.get("path", ""))
        if kind == "test":
            cur = _get(doc, toks)
            if cur != op.get("value"):
                raise PatchError("testing value /%s failed: test failed" % "/".join(toks), invalid=True)
            continue
        if kind in ("move", "copy"):
            val = copy.deepcopy(_get(doc, _split(op.get("from", ""))))
            if kind == "move":
                doc = _remove(doc, _split(op.get("from", "")))
            doc = _add(doc, toks, val)
            continue
        if kind == "add":
            doc = _add(doc, toks, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            doc = _remove(doc, toks)
        elif kind == "replace":
            _get(doc, toks)
            doc = _remove(doc, toks)
            doc = _add(doc, toks, copy.deepcopy(op.get("value")))
        else:
            raise PatchError("Unexpected kind: %s" % kind)
    return doc


def _get(doc, toks):
    cur = doc
    for t in toks:
        if isinstance(cur, dict) and t in cur:
            cur = cur[t]
        elif isinstance(cur, list):
            try:
                cur = cur[int(t)]
            except (ValueError, IndexError):
                raise PatchError("doc is missing path: \"/%s\": missing value" % "/".join(toks))
        else:
            raise PatchError("doc is missing path: \"/%s\": missing value" % "/".join(toks))
    return cur


def _add(doc, toks, val):
    if not toks:
        return val
    parent = _walk(doc, toks, "add")
    last = toks[-1]
    if isinstance(parent, dict):
        parent[last] = val
    elif isinstance(parent, list):
        if last == "-":
            parent.append(val)
        else:
            try:
                parent.insert(int(last), val)
            except ValueError:
                raise PatchError("add operation does not apply: doc is missing path: /%s" % "/".join(toks))
    else:
        raise PatchError("add operation does not apply: doc is missing path: /%s" % "/".join(toks))
    return doc


def _remove(doc, toks):
    if not toks:
        return None
    parent = _walk(doc, toks, "remove")
    last = toks[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
    elif isinstance(parent, list):
        try:
            del parent[int(last)]
        except (ValueError, IndexError):
            raise PatchError("remove operation does not apply: doc is missing path: \"/%s\"" % "/".join(toks))
    else:
        raise PatchError("remove operation does not apply: doc is missing path: \"/%s\"" % "/".join(toks))
    return doc
