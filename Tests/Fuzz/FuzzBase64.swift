// Base64 (kubeconfig *-data fields, exec credentials): decoding arbitrary text gives bytes or
// nil, never a trap; decoded bytes encode to text that decodes to the same bytes; and any bytes
// survive encode → decode.
import KubeClient

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBase64(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    if let decoded = Base64.decode(text) {
        let again = Base64.encode(decoded)
        if Base64.decode(again) != decoded { propertyFailed("decode → encode → decode changed the bytes", text) }
    }
    if Base64.decode(Base64.encode(bytes)) != bytes {
        propertyFailed("encode → decode changed the bytes", bytes.debugDescription)
    }
    return 0
}
