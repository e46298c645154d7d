// Log lines as the log engine reads them: LineSplitter over chunks cut anywhere,
// LogTimestamp on the kubelet's timestamps, and ResumeCursor's de-duplication of a resumed
// stream. Properties: the bytes of the lines are the input's (newlines aside) however it was
// cut; lines shorter than the splitter's limit come out the same however it was cut; a
// timestamp with its fraction padded with zeros is the same instant; and a stream resumed at
// the cursor's second (the server resends that whole second) shows only lines not shown yet.
import KubeClient

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogLines(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard input.count > 1 else { return 0 }
    let step = Int(input[0] % 23) + 1
    let body = Array(input.dropFirst())
    let limit = 48
    func split(chunked: Bool) -> [[UInt8]] {
        var splitter = LineSplitter(maxLineBytes: limit)
        var lines: [[UInt8]] = []
        var start = 0
        while start < body.count {
            let end = chunked ? min(body.count, start + step) : body.count
            body[start..<end].withUnsafeBytes { splitter.feed($0) { lines.append(Array($0)) } }
            start = end
        }
        splitter.finish { lines.append(Array($0)) }
        return lines
    }
    let whole = split(chunked: false)
    let cut = split(chunked: true)
    let content = body.filter { $0 != 0x0A }
    if Array(cut.joined()) != content || Array(whole.joined()) != content {
        propertyFailed("the lines' bytes are not the input's", String(decoding: body, as: UTF8.self))
    }
    let shortLines = body.split(separator: 0x0A, omittingEmptySubsequences: false).allSatisfy { $0.count < limit }
    if shortLines && cut != whole {
        propertyFailed("short lines depend on where the chunks break (step \(step))", String(decoding: body, as: UTF8.self))
    }
    for line in whole {
        let stampEnd = line.firstIndex(of: UInt8(ascii: " ")) ?? line.count
        let stamp = Array(line[..<stampEnd])
        guard let instant = stamp.withUnsafeBytes({ LogTimestamp.parse($0) }) else { continue }
        if let z = stamp.lastIndex(of: UInt8(ascii: "Z")), let dot = stamp.firstIndex(of: UInt8(ascii: ".")), dot < z,
            z - dot - 1 < 9
        {
            var padded = stamp
            padded.insert(UInt8(ascii: "0"), at: z)
            if padded.withUnsafeBytes({ LogTimestamp.parse($0) }) != instant {
                propertyFailed("a zero added to the fraction changed the instant", String(decoding: stamp, as: UTF8.self))
            }
        }
    }
    checkResume(input)
    return 0
}

/// A log of lines at non-decreasing timestamps (several per second, several at one instant),
/// read up to line `cut`, then resumed as a kube-apiserver answers `sinceTime`: from the start
/// of the cursor's second.
func checkResume(_ input: [UInt8]) {
    var stamps: [String] = []
    var second = 0
    var nanos = 0
    for byte in input.prefix(64) {
        switch byte % 4 {
        case 0: break  // the same instant again
        case 1: nanos += Int(byte) * 1000
        default:
            second += 1
            nanos = Int(byte) * 7
        }
        if nanos >= 1_000_000_000 { nanos = 999_999_999 }
        let fraction = String(nanos).count < 9 ? String(repeating: "0", count: 9 - String(nanos).count) + String(nanos)
            : String(nanos)
        stamps.append("2026-12-06T10:\(second / 60 < 10 ? "0" : "")\(second / 60):\(second % 60 < 10 ? "0" : "")\(second % 60).\(fraction)Z")
    }
    guard stamps.count > 1 else { return }
    let cut = Int(input[input.count - 1]) % stamps.count
    var cursor = ResumeCursor()
    for stamp in stamps[..<cut] {
        var text = stamp
        let admitted = text.withUTF8 { cursor.admit(UnsafeRawBufferPointer($0)) }
        if !admitted { propertyFailed("a first read skipped a line", stamp) }
    }
    cursor.resume()
    // The server resends from the start of the cursor's second (sinceTime loses the fraction).
    let resend = cursor.sinceTime.map { String($0.prefix(19)) } ?? ""
    var shownAgain: [Int] = []
    for (index, stamp) in stamps.enumerated() where String(stamp.prefix(19)) >= resend {
        var text = stamp
        if text.withUTF8({ cursor.admit(UnsafeRawBufferPointer($0)) }) { shownAgain.append(index) }
    }
    let expected = Array(cut..<stamps.count)
    if shownAgain != expected {
        propertyFailed("a resumed stream showed lines \(shownAgain), expected \(expected)", stamps.joined(separator: "\n"))
    }
}
