// YAMLReader on arbitrary bytes: documents or a YAMLError, never a trap. For every document
// it reads, YAMLWriter's output reads back to the same value (write then read is the
// identity on anything the reader produced), and so does JSONWriter's output through
// JSONParser (`-o json` of a manifest).
import KubeClient

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let documents: [JSON]
    do {
        documents = try YAMLReader.documents(bytes)
    } catch {
        _ = "\(error)"
        return 0
    }
    for document in documents {
        let yaml = YAMLWriter().string(document)
        do {
            let back = try YAMLReader.document(yaml)
            if back != document {
                propertyFailed("YAML write → read changed the value", yaml,
                               JSONWriter(style: .compact, sortKeys: false).string(document))
            }
        } catch {
            propertyFailed("YAMLWriter output does not read back: \(error)", yaml)
        }
        let json = JSONWriter(style: .compact, sortKeys: false).string(document)
        do {
            let back = try JSONParser.parse(json)
            if back != document { propertyFailed("YAML value → JSON → parse changed the value", json) }
        } catch {
            propertyFailed("JSONWriter output of a YAML value does not parse: \(error)", json)
        }
    }
    return 0
}
