import Foundation

@testable import KubeClient

/// A seeded generator so that a failing random case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON values built from the strings YAML emitters get wrong.
struct NastyJSON {
    var rng: SplitMix64
    /// Number literals to draw from; some readers only agree with us on a subset.
    var numbers: [String]
    var fragments: [String]

    static let allNumbers = [
        "0", "-0", "7", "-12", "1.0", "1e3", "-1.5E-7", "3.25", "-0.5", "1.0e+3",
        "123456789012345678901234567890", "1e400", "0.000001",
    ]

    static let fragments: [String] = [
        // YAML 1.1 words and numbers in every form a reader might resolve.
        "yes", "No", "ON", "off", "y", "N", "true", "False", "NULL", "null", "~", "<<", "=",
        "0755", "1e3", "0x1F", "1_000", ".5", "+1", ".inf", "-.Inf", ".NaN", "1:20", "0b101", "0o17",
        "1e400", "-0", "1.0", "08", "._5", "0b_", "+.5e3", "12:30:45", "190:20:30.15",
        "2024-01-01", "2024-1-1", "2024-13-45", "2024-01-01T10:00:00Z", "2001-12-14 21:59:43.10 -5",
        "2001-12-14t21:59:43.10-05:00",
        // Indicators, at the start and inside.
        "-", "- x", "?", "? x", ":", ": ", "key: value", "ends:", ",", "[", "]", "{", "}", "#", " #", "# c",
        "&a", "*a", "!tag", "!!str", "|", ">", "'", "''", "\"", "%", "@", "`", "---", "...", "--- x",
        // Spaces where they matter.
        " ", "  ", " lead", "trail ", "a  b", "a #b", "a# b", "x:y",
        // Non-ASCII, control and break characters.
        "é", "日本語", "😀", "\u{2028}", "\u{2029}", "\u{85}", "\u{A0}", "\u{FEFF}", "\t", "\r", "\r\n",
        "\u{7}", "\u{0}", "\u{1B}", "\u{7F}", "\u{FFFE}", "\u{E000}", "\u{D7FF}", "\\", "\\n",
        // Newlines in every position.
        "\n", "\n\n", "a\nb", "a\n", "a\n\n", "\n\na", " a\nb", "a \nb", "a\n b", "a\n\n\nb\n", "x\n---\ny",
        "a\t\nb",
    ]

    static let words = [
        "alpha", "beta", "gamma", "mpirun", "--allow-run-as-root", "-np", "horovod", "python3", "train.py",
        "worker", "launcher", "x", "yes", "1", "é",
    ]

    init(seed: UInt64, numbers: [String] = NastyJSON.allNumbers, fragments: [String] = NastyJSON.fragments) {
        rng = SplitMix64(seed: seed)
        self.numbers = numbers
        self.fragments = fragments
    }

    mutating func int(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }

    mutating func string() -> String {
        switch int(10) {
        case 0:
            // Long enough to fold at column 80.
            var words: [String] = []
            for _ in 0..<(8 + int(30)) { words.append(Self.words[int(Self.words.count)]) }
            let separator = [" ", " ", " ", "  ", "\n"][int(5)]
            return words.joined(separator: separator)
        case 1:
            return String(repeating: "k", count: 120 + int(20))
        case 2:
            var s = ""
            for _ in 0..<(1 + int(12)) {
                s.unicodeScalars.append(Unicode.Scalar(UInt8(0x20 + int(0x5F))))
            }
            return s
        default:
            var s = ""
            for _ in 0..<(1 + int(4)) { s += fragments[int(fragments.count)] }
            return int(4) == 0 ? fragments[int(fragments.count)] : s
        }
    }

    mutating func value(depth: Int = 0) -> JSON {
        let choice = depth >= 4 ? int(5) : int(9)
        switch choice {
        case 0: return .null
        case 1: return .bool(int(2) == 0)
        case 2: return .number(numbers[int(numbers.count)])
        case 3, 4: return .string(string())
        case 5, 6:
            var items: [JSON] = []
            for _ in 0..<int(5) { items.append(value(depth: depth + 1)) }
            return .array(items)
        default:
            var object = JSONObject()
            for _ in 0..<int(6) { object[string()] = value(depth: depth + 1) }
            return .object(object)
        }
    }
}

enum YAMLTestSupport {
    /// `<repo>/Tests/Fixtures`, found from this file: `<repo>/Tests/KubeClientTests/<file>`.
    static let fixturesFolder: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func yamlFiles(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "yaml" || url.pathExtension == "yml" {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a tool with `input` in a temporary file whose path replaces `{}` in the
    /// arguments; nil when the tool is not installed. Files rather than pipes, so that no
    /// side can block on a full pipe.
    static func run(_ executable: String, _ arguments: [String], input: [UInt8]) throws -> (
        status: Int32, output: [UInt8], errors: String
    )? {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            do { try FileManager.default.removeItem(at: folder) } catch { print("cannot remove \(folder.path): \(error)") }
        }
        let inputFile = folder.appendingPathComponent("input.json")
        let outputFile = folder.appendingPathComponent("stdout")
        let errorFile = folder.appendingPathComponent("stderr")
        try Data(input).write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments.map { $0 == "{}" ? inputFile.path : $0 }
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = "/dev/null"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        process.waitUntilExit()
        let output = try Data(contentsOf: outputFile)
        let errors = try Data(contentsOf: errorFile)
        return (process.terminationStatus, [UInt8](output), String(decoding: errors, as: UTF8.self))
    }
}
