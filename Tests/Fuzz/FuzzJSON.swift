// JSONParser on arbitrary bytes: a value or a JSONParseError, never a trap. For every value
// it accepts: JSONWriter's output (compact and pretty) parses back to the same value, and
// YAMLWriter's output (`-o yaml` of a server response) reads back to the same value.
import KubeClient

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
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
