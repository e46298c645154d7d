// JSONParser on arbitrary bytes: a value or a JSONParseError, never a trap. For every value
// it accepts: JSONWriter's output (compact and pretty) parses back to the same value, and
// YAMLWriter's output (`-o yaml` of a server response) reads back to the same value.
// The input also stands as `metadata.managedFields` of an object: the parse that skips that
// member must fail exactly as the full parse does, or give the full value less it.
import KubeClient

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    checkOmission(Array(#"{"metadata":{"managedFields":"#.utf8) + bytes + Array(#","name":"n"}}"#.utf8))
    checkOmission(bytes)
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
    let (full, omitting) = bytes.withUnsafeBufferPointer { buffer in
        (Result { () throws(JSONParseError) in try JSONParser.parse(bytes: buffer) },
         Result { () throws(JSONParseError) in try JSONParser.parse(bytes: buffer, omittingManagedFields: true) })
    }
    switch (full, omitting) {
    case (.failure(let a), .failure(let b)):
        if a != b { propertyFailed("the skipping parse failed otherwise: \(a) / \(b)", String(decoding: bytes, as: UTF8.self)) }
    case (.success(var value), .success(let less)):
        if value[path: "metadata", "managedFields"] != nil { value.remove(at: ["metadata", "managedFields"]) }
        if value != less { propertyFailed("the skipping parse changed the value", String(decoding: bytes, as: UTF8.self)) }
    default:
        propertyFailed("one parse accepted what the other refused", String(decoding: bytes, as: UTF8.self))
    }
}
