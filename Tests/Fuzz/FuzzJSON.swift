// JSONParser on arbitrary bytes: a value or a JSONParseError, never a trap. For every value
// it accepts: JSONWriter's output (compact and pretty) parses back to the same value, and
// YAMLWriter's output (`-o yaml` of a server response) reads back to the same value.
// The input also stands as `metadata.managedFields` of an object: the parse that skips that
// member must fail exactly as the full parse does, or give the full value less it. The same for
// a projection that keeps some members and skips others, against a projection of the full value.
import KubeClient

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    checkOmission(Array(#"{"metadata":{"managedFields":"#.utf8) + bytes + Array(#","name":"n"}}"#.utf8))
    checkOmission(bytes)
    checkProjection(Array(#"{"spec":{"roles":{"A":{"replicas":1,"template":"#.utf8) + bytes + Array(#"}}},"status":1}"#.utf8))
    checkProjection(Array(#"{"metadata":{"name":"#.utf8) + bytes + Array(#","labels":{}}}"#.utf8))
    checkProjection(bytes)
    let value: JSON
    do {
        value = try JSONParser.parse(bytes)
    } catch {
        _ = error.description
        return 0
    }
    for writer in [JSONWriter(style: .compact, sortKeys: false), JSONWriter(style: .pretty, sortKeys: true)] {
        let text = writer.bytes(value)
        do {
            let back = try JSONParser.parse(text)
            if back != value {
                propertyFailed("JSON write → parse changed the value", String(decoding: text, as: UTF8.self))
            }
        } catch {
            propertyFailed("JSONWriter output does not parse: \(error)", String(decoding: text, as: UTF8.self))
        }
    }
    let yaml = YAMLWriter().string(value)
    do {
        let back = try YAMLReader.document(yaml)
        if back != value { propertyFailed("JSON → YAML → read changed the value", yaml) }
    } catch {
        propertyFailed("YAMLWriter output does not read back: \(error)", yaml)
    }
    return 0
}

private func checkOmission(_ bytes: [UInt8]) {
    checkAgainstWholeParse(bytes, "the skipping parse", partial: { (buffer) throws(JSONParseError) in
        try JSONParser.parse(bytes: buffer, omittingManagedFields: true)
    }, expected: { value in
        var value = value
        if value[path: "metadata", "managedFields"] != nil { value.remove(at: ["metadata", "managedFields"]) }
        return value
    })
}

/// A parse that builds less must fail exactly as the whole parse fails, or give `expected` of its value.
private func checkAgainstWholeParse(_ bytes: [UInt8], _ what: String,
                                    partial: (UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSON,
                                    expected: (JSON) -> JSON?) {
    let (whole, less) = bytes.withUnsafeBufferPointer { buffer in
        (Result { () throws(JSONParseError) in try JSONParser.parse(bytes: buffer) },
         Result { () throws(JSONParseError) in try partial(buffer) })
    }
    switch (whole, less) {
    case (.failure(let a), .failure(let b)):
        if a != b { propertyFailed("\(what) failed otherwise: \(a) / \(b)", String(decoding: bytes, as: UTF8.self)) }
    case (.success(let value), .success(let got)):
        if expected(value) != got { propertyFailed("\(what) changed the value", String(decoding: bytes, as: UTF8.self)) }
    default:
        propertyFailed("one parse accepted what the other refused", String(decoding: bytes, as: UTF8.self))
    }
}

private let projection = JSONProjection.members([
    "metadata": .members(["name": .whole], others: .skip),
    "spec": .members(["roles": .members([:], others: .members(["replicas": .whole], others: .skip))], others: .skip),
    "status": .whole,
], others: .skip)

/// What the projection keeps of a parsed value (nil: the member is skipped), written plainly.
private func project(_ value: JSON, _ rule: JSONProjection) -> JSON? {
    switch rule {
    case .skip: return nil
    case .whole: return value
    case .members(let listed, let others):
        guard let object = value.objectValue else { return value }
        var kept = JSONObject()
        for (key, member) in object.pairs {
            if let child = project(member, listed[key] ?? others) { kept[key] = child }
        }
        return .object(kept)
    }
}

private func checkProjection(_ bytes: [UInt8]) {
    checkAgainstWholeParse(bytes, "the projecting parse", partial: { (buffer) throws(JSONParseError) in
        try JSONParser.parse(bytes: buffer, projection: projection)
    }, expected: { project($0, projection) })
}
