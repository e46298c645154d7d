import KubeClient
import Testing

@testable import MPIJobs

@Suite struct QuantityTests {
    /// text → canonical form, as `resource.MustParse(text).String()` prints it.
    @Test(arguments: [
        ("500m", "500m"), ("1", "1"), ("1.5", "1500m"), ("16Gi", "16Gi"), ("100M", "100M"),
        ("1e3", "1e3"), ("1E3", "1e3"), ("1E-3", "1e-3"), ("1.5e3", "1500"), ("+2", "2"), (".5", "500m"),
        ("1.5Gi", "1536Mi"), ("1024", "1024"), ("1000", "1k"), ("1500", "1500"), ("0.5Ki", "512"),
        ("1Ki", "1Ki"), ("2048Ki", "2Mi"), ("0.1Ki", "102400m"), ("0", "0"), ("-0", "0"), ("00", "0"),
        ("0.000", "0"), ("-1", "-1"), ("-1.5Gi", "-1536Mi"), ("1n", "1n"), ("1u", "1u"), ("1000n", "1u"),
        ("2k", "2k"), ("1T", "1T"), ("1P", "1P"), ("1E", "1E"), ("1Ei", "1Ei"),
        ("1.", "1"), ("0100", "100"), ("12e+2", "1200"), ("5e-9", "5e-9"), ("1e-10", "1e-9"),
        ("0.0000000001", "1n"), ("1.0000000001", "1000000001n"), ("9223372036854775807", "9223372036854775807"),
        ("7Ei", "7Ei"), ("1536Mi", "1536Mi"), ("0.5", "500m"), ("250m", "250m"), ("3000m", "3"),
    ])
    func canonicalForm(_ text: String, _ expected: String) throws {
        #expect(try Quantity(parsing: text).description == expected)
    }

    @Test(arguments: [
        ("500m", Int128(500_000_000)), ("1", 1_000_000_000), ("1Ki", 1_024_000_000_000),
        ("1e3", 1_000_000_000_000), ("1e-9", 1), ("1e-12", 1), ("-1e-12", -1), ("1.5", 1_500_000_000),
        ("0.123456789012345678901Ki", 126_419_751_949), ("1e-1000000000000000", 1),
    ])
    func exactValues(_ text: String, _ nanos: Int128) throws {
        #expect(try Quantity(parsing: text).nanoValue == nanos)
    }

    @Test(arguments: [
        ("16GB", "unknown suffix \"GB\""), ("1.2.3", "unexpected \".3\" after the number \"1.2\""),
        ("--1", "expected a number"), ("", "empty quantity"), ("Gi", "a number must come before the suffix \"Gi\""),
        ("1K", "unknown suffix \"K\""), ("1ki", "unknown suffix \"ki\""), ("1e", "unknown suffix \"e\""),
        ("1e1.5", "unknown suffix \"e1.5\""), (".", "expected a number"), ("-", "expected a number"),
        (" 1", "expected a number"), ("1 Gi", "unexpected \" Gi\""), ("1Gi ", "unknown suffix \"Gi \""),
        ("0x10", "unknown suffix \"x10\""), ("1e19", "larger than the largest"), ("9223372036854775808", "larger than"), ("8Ei", "larger than"),
        ("1e99999999999999999999", "larger than"), ("9Ei", "larger than"), ("1Mi1", "unknown suffix \"Mi1\""),
        ("e3", "a number must come before the suffix \"e3\""),
    ])
    func rejects(_ text: String, _ reason: String) {
        #expect {
            _ = try Quantity(parsing: text)
        } throws: { error in
            let message = (error as? QuantityError)?.description ?? ""
            return message.hasPrefix("invalid quantity \"\(text)\": ") && message.contains(reason)
        }
    }

    @Test func errorQuotesTheValue() {
        #expect(throws: QuantityError.invalid("16GB", reason: "unknown suffix \"GB\"; " + "expected a number with an optional suffix: Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent such as e3")) {
            try Quantity(parsing: "16GB")
        }
        #expect(QuantityError.invalid("16GB", reason: "x").description == "invalid quantity \"16GB\": x")
    }

    @Test func overlongTextIsRefused() {
        let text = "1." + String(repeating: "0", count: 600)
        #expect(throws: QuantityError.self) { try Quantity(parsing: text) }
    }

    @Test func comparesByValue() throws {
        #expect(try Quantity(parsing: "1Gi") == Quantity(parsing: "1073741824"))
        #expect(try Quantity(parsing: "1k") == Quantity(parsing: "1e3"))
        #expect(try Quantity(parsing: "500m") < Quantity(parsing: "1"))
        #expect(try Quantity(parsing: "1Gi") > Quantity(parsing: "1G"))
        #expect(try Quantity(parsing: "-1") < .zero)
        #expect(try Set([Quantity(parsing: "1Ki"), Quantity(parsing: "1024")]).count == 1)
    }

    @Test func arithmetic() throws {
        let cpu = try Quantity(parsing: "500m")
        #expect(try cpu.adding(Quantity(parsing: "1")).description == "1500m")
        #expect(try cpu.multiplied(by: 4).description == "2")
        #expect(try Quantity(parsing: "1Gi").adding(Quantity(parsing: "512Mi")).description == "1536Mi")
        #expect(try Quantity(parsing: "16Gi").subtracting(Quantity(parsing: "16Gi")).description == "0")
        #expect(try Quantity(parsing: "1").subtracting(Quantity(parsing: "1500m")).description == "-500m")
        // A sum from zero prints in the format of its first term, as Kubernetes' Add does.
        #expect(try Quantity.zero.adding(Quantity(parsing: "2Gi")).description == "2Gi")
        #expect(try Quantity(parsing: "7Ei").multiplied(by: 100).description == "700Ei")
        #expect(try Quantity(parsing: "9E").multiplied(by: 1000).description == "9000E")
        #expect(try Quantity(parsing: "7Ei").multiplied(by: 1024).description == "7168Ei")
        #expect(try Quantity(parsing: "250m").multiplied(by: 0) == .zero)
    }

    @Test func overflowIsAnError() throws {
        let huge = try Quantity(parsing: "7Ei").multiplied(by: 1_000_000_000)
        #expect(throws: QuantityError.self) { try huge.multiplied(by: 1_000_000) }
        #expect(throws: QuantityError.self) { try huge.multiplied(by: 18).adding(huge.multiplied(by: 18)) }
        #expect(throws: QuantityError.self) { try Quantity(nanoValue: .min).subtracting(Quantity(1)) }
    }

    @Test func roundedAccessors() throws {
        #expect(try Quantity(parsing: "1500m").value == 2)
        #expect(try Quantity(parsing: "1500m").milliValue == 1500)
        #expect(try Quantity(parsing: "1n").milliValue == 1)
        #expect(try Quantity(parsing: "-1500m").value == -2)
        #expect(try Quantity(parsing: "16Gi").value == 17_179_869_184)
        #expect(try Quantity(parsing: "250m").doubleValue == 0.25)
    }

    @Test func fromJSON() throws {
        #expect(try Quantity(json: "16Gi").description == "16Gi")
        #expect(try Quantity(json: 2).description == "2")
        #expect(try Quantity(json: .number("0.5")).description == "500m")
        #expect(try Quantity(json: .number("1e3")).description == "1e3")
        #expect(throws: QuantityError.self) { try Quantity(json: true) }
        #expect(throws: QuantityError.self) { try Quantity(json: .null) }
        #expect(throws: QuantityError.self) { try Quantity(json: "16GB") }
        #expect(try Quantity(parsing: "1.5Gi").json == "1536Mi")
    }
}
