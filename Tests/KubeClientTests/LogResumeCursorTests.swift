import Testing

@testable import KubeClient

@Suite struct LogResumeCursorTests {
    /// Lines of a log as `timestamps=true` gives them: "STAMP text".
    struct Line {
        var stamp: String
        var text: String
    }

    /// Runs lines through the cursor, returning the texts it lets through.
    func admitted(_ lines: [Line], cursor: inout ResumeCursor) -> [String] {
        var out: [String] = []
        for line in lines {
            var stamp = line.stamp
            let isNew = stamp.withUTF8 { cursor.admit(UnsafeRawBufferPointer($0)) }
            if isNew { out.append(line.text) }
        }
        return out
    }

    let log: [Line] = [
        Line(stamp: "2026-11-24T01:21:15.1Z", text: "a"),
        Line(stamp: "2026-11-24T01:21:15.2Z", text: "b"),
        Line(stamp: "2026-11-24T01:21:15.2Z", text: "c"),
        Line(stamp: "2026-11-24T01:21:15.2Z", text: "d"),
        Line(stamp: "2026-11-24T01:21:16Z", text: "e"),
        Line(stamp: "2026-11-24T01:21:16.5Z", text: "f"),
    ]

    @Test func everythingIsNewAtFirst() {
        var cursor = ResumeCursor()
        #expect(cursor.sinceTime == nil)
        #expect(admitted(log, cursor: &cursor) == ["a", "b", "c", "d", "e", "f"])
        #expect(cursor.sinceTime == "2026-11-24T01:21:16.5Z")
        #expect(cursor.linesAtLastStamp == 1)
    }

    /// A drop after every possible line; the server resends from the start of the second
    /// (kube-apiserver drops the fraction of sinceTime) or from the exact instant.
    @Test func resumingAfterAnyLineNeitherLosesNorRepeats() {
        for shown in 1..<log.count {
            for secondOnly in [true, false] {
                var cursor = ResumeCursor()
                var out = admitted(Array(log[..<shown]), cursor: &cursor)
                cursor.resume()
                let since = LogTimestamp.parse(cursor.sinceTime ?? "")
                #expect(since != nil)
                let resent = log.filter { line in
                    guard let stamp = LogTimestamp.parse(line.stamp), let since else { return false }
                    return secondOnly ? stamp.seconds >= since.seconds : stamp >= since
                }
                out += admitted(resent, cursor: &cursor)
                #expect(out == log.map(\.text), "drop after \(shown) lines, second-precision \(secondOnly)")
            }
        }
    }

    @Test func linesSharingTheLastStampAreCounted() {
        var cursor = ResumeCursor()
        _ = admitted(Array(log[..<3]), cursor: &cursor)
        #expect(cursor.sinceTime == "2026-11-24T01:21:15.2Z")
        #expect(cursor.linesAtLastStamp == 2)
        cursor.resume()
        // Resent from 15.2: b and c were seen, d is new.
        #expect(admitted(Array(log[1...]), cursor: &cursor) == ["d", "e", "f"])
        #expect(cursor.linesAtLastStamp == 1)
    }

    @Test func twoDropsInARow() {
        var cursor = ResumeCursor()
        _ = admitted(Array(log[..<2]), cursor: &cursor)
        cursor.resume()
        // The second attempt drops before anything new came.
        #expect(admitted(Array(log[1..<2]), cursor: &cursor).isEmpty)
        cursor.resume()
        #expect(admitted(Array(log[1...]), cursor: &cursor) == ["c", "d", "e", "f"])
    }

    @Test func aRestartedContainersLinesAreAllNew() {
        var cursor = ResumeCursor()
        _ = admitted(log, cursor: &cursor)
        cursor.resume()
        let next = [Line(stamp: "2026-11-24T01:22:00Z", text: "run 2"), Line(stamp: "2026-11-24T01:22:00Z", text: "again")]
        #expect(admitted(next, cursor: &cursor) == ["run 2", "again"])
    }

    @Test func timestampsCompareAsInstants() {
        let a = LogTimestamp.parse("2026-11-24T01:21:15.44Z")
        let b = LogTimestamp.parse("2026-11-24T01:21:15.440000000Z")
        let c = LogTimestamp.parse("2026-11-24T01:21:15.442Z")
        let d = LogTimestamp.parse("2026-11-24T02:21:15.44+01:00")
        #expect(a != nil && a == b && a == d)
        #expect(a! < c!)
        #expect(LogTimestamp.parse("2026-11-24T01:21:15Z")!.nanoseconds == 0)
        #expect(LogTimestamp.parse("2026-11-24T01:21:15.123456789Z")!.nanoseconds == 123_456_789)
    }

    @Test(arguments: ["", "2026-11-24", "2026-11-24T01:21:15", "2026-11-24T01:21:15.Z", "2026-13-24T01:21:15Z",
                      "2026-11-24T01:21:15Zjunk", "x026-11-24T01:21:15Z"])
    func badTimestampsAreRejected(_ text: String) {
        #expect(LogTimestamp.parse(text) == nil)
    }
}
