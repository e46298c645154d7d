// The watch stream's framing (WatchFrameReader, what ListWatcher reads a watch response with)
// on arbitrary bytes. The first byte picks where the body is cut into chunks: lines must come
// out the same however the body was cut, every line decodes to a frame or a ClientError, and
// an event written back as JSON decodes to the same frame.
import KubeClient

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWatch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard let first = input.first else { return 0 }
    let body = Array(input.dropFirst())
    var whole = WatchFrameReader()
    let expected = body.withUnsafeBytes { whole.lines($0) }
    var cut = WatchFrameReader()
    var got: [[UInt8]] = []
    let step = Int(first % 17) + 1
    var start = 0
    while start < body.count {
        let end = min(body.count, start + step + (start % 3))
        got += body[start..<end].withUnsafeBytes { cut.lines($0) }
        start = end
    }
    if got != expected || cut.pendingBytes != whole.pendingBytes {
        propertyFailed("watch lines depend on where the chunks break (step \(step))",
                       String(decoding: body, as: UTF8.self))
    }
    for line in expected {
        if line.contains(UInt8(ascii: "\n")) || line.isEmpty { propertyFailed("a line holds a newline or is empty") }
        let frame: WatchFrame
        do {
            frame = try WatchFrameReader.decode(line)
        } catch {
            _ = error.description
            continue
        }
        guard case .change(let type, let object) = frame else { continue }
        let event: JSON = ["type": .string(type), "object": object]
        let text = JSONWriter(style: .compact, sortKeys: false).bytes(event)
        do {
            if try WatchFrameReader.decode(text) != frame {
                propertyFailed("an event written back decodes differently", String(decoding: text, as: UTF8.self))
            }
        } catch {
            propertyFailed("an event written back does not decode: \(error)", String(decoding: text, as: UTF8.self))
        }
    }
    return 0
}
