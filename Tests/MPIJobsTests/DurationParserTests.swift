import Testing

@testable import MPIJobs

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("90s", Int64(90_000_000_000)), ("2h", 7_200_000_000_000), ("1h30m", 5_400_000_000_000),
        ("1.5h", 5_400_000_000_000), ("500ms", 500_000_000), ("0", 0), ("+0", 0), ("-0", 0), ("0s", 0),
        ("1us", 1_000), ("1µs", 1_000), ("1μs", 1_000), ("3ns", 3), ("2h45m30.5s", 9_930_500_000_000),
        (".5s", 500_000_000), ("1.s", 1_000_000_000), ("1m1m", 120_000_000_000), ("+5s", 5_000_000_000),
        ("0.000000001s", 1), ("0.0000000001s", 0), ("2562047h47m16.854775807s", Int64.max),
    ])
    func parses(_ text: String, _ nanoseconds: Int64) throws {
        #expect(try DurationParser.parse(text) == .nanoseconds(nanoseconds))
    }

    @Test(arguments: [
        ("2x", "unknown unit \"x\""), ("30", "missing unit (for example \"30s\")"), ("", "expected a number"),
        ("-", "expected a number"), ("s", "expected a number"), (".s", "expected a number"),
        ("1d", "unknown unit \"d\""), ("1.5", "missing unit"), ("1h-5m", "unknown unit \"h-\""), ("1 s", "unknown unit \" s\""),
        ("-5s", "must not be negative"), ("2562047h47m16.854775808s", "too large"), ("9999999999999999999s", "too large"),
        ("1S", "unknown unit \"S\""),
    ])
    func rejects(_ text: String, _ reason: String) {
        #expect {
            _ = try DurationParser.parse(text)
        } throws: { error in
            let message = (error as? DurationError)?.description ?? ""
            return message.hasPrefix("invalid duration \"\(text)\": ") && message.contains(reason)
        }
    }

    @Test func exactMessage() {
        #expect(throws: DurationError(text: "2x", reason: "unknown unit \"x\" (valid units are ns, us, ms, s, m, h)")) {
            try DurationParser.parse("2x")
        }
        #expect(
            DurationError(text: "2x", reason: "unknown unit \"x\"").description == "invalid duration \"2x\": unknown unit \"x\"")
    }

    @Test func negativeWhenAllowed() throws {
        #expect(try DurationParser.parse("-1m30s", allowNegative: true) == .seconds(-90))
    }

    @Test func bareIntegerAsSecondsOnRequest() throws {
        #expect(try DurationParser.parse("30", bareIntegerIsSeconds: true) == .seconds(30))
        #expect(throws: DurationError.self) { try DurationParser.parse("30") }
        #expect(throws: DurationError.self) { try DurationParser.parse("1.5", bareIntegerIsSeconds: true) }
    }

    @Test func wholeSeconds() throws {
        #expect(try DurationParser.parseWholeSeconds("2h") == 7200)
        #expect(try DurationParser.parseWholeSeconds("0") == 0)
        #expect(throws: DurationError(text: "500ms", reason: "must be a whole number of seconds")) {
            try DurationParser.parseWholeSeconds("500ms")
        }
        #expect(throws: DurationError.self) { try DurationParser.parseWholeSeconds("-1s") }
    }

    @Test func seconds() throws {
        #expect(try DurationParser.parseSeconds("1.5s") == 1.5)
        #expect(try DurationParser.parseSeconds("250ms") == 0.25)
    }
}
