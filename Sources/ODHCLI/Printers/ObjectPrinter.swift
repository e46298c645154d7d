import KubeClient

/// Prints API objects as JSON, YAML or names, the way kubectl does: `managedFields`
/// dropped, several objects wrapped in a `List` so `jq '.items[]'` works.
struct ObjectPrinter: Sendable {
    var format: OutputFormat
    /// The `-o name` prefix, e.g. `mpijob.kubeflow.org`.
    var resourceName: String

    /// One object, or several as a List (`asList` forces a List even for one, as `list` does).
    func render(_ objects: [JSON], asList: Bool) -> [UInt8] {
        switch format {
        case .name:
            var out: [UInt8] = []
            for object in objects {
                out += Array("\(resourceName)/\(object[path: "metadata", "name"]?.stringValue ?? "")\n".utf8)
            }
            return out
        case .json, .yaml, .table, .wide:
            let document = asList || objects.count != 1
                ? ObjectPrinter.listDocument(objects.map(ObjectPrinter.clean))
                : ObjectPrinter.clean(objects[0])
            return renderDocument(document)
        }
    }

    func renderDocument(_ document: JSON) -> [UInt8] {
        if format == .yaml {
            return Array(YAMLWriter().string(document).utf8)
        }
        var out = JSONWriter(style: .pretty).bytes(document)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// `-o json` of one object from the server's bytes: as `render` prints it, without the tree.
    static func json(_ object: RawObject) throws(ClientError) -> [UInt8] {
        var out: [UInt8] = []
        let copied = object.bytes.withUnsafeBufferPointer {
            JSONPrettyCopy.append($0, indent: 0, droppingManagedFields: true, into: &out)
        }
        if !copied { JSONWriter(style: .pretty).write(clean(try object.parsed()), into: &out) }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// One compact line per object, for `--watch -o json` (NDJSON).
    static func compactLine(_ object: JSON) -> [UInt8] {
        var out = JSONWriter(style: .compact).bytes(clean(object))
        out.append(UInt8(ascii: "\n"))
        return out
    }

    static func listDocument(_ items: [JSON]) -> JSON {
        .object(JSONObject([
            ("apiVersion", "v1"),
            ("items", .array(items)),
            ("kind", "List"),
            ("metadata", .object(JSONObject([("resourceVersion", "")]))),
        ]))
    }

    static func clean(_ object: JSON) -> JSON {
        guard object[path: "metadata", "managedFields"] != nil else { return object }
        var copy = object
        copy.remove(at: ["metadata", "managedFields"])
        return copy
    }
}
