// Shared by every fuzz target (compiled into each one by build.sh).
#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's input as an array (a copy: the parsers take arrays and strings).
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A broken property: report it and abort, so libFuzzer saves the input as a crash.
func propertyFailed(_ message: String, _ details: String...) -> Never {
    var text = "\nFUZZ PROPERTY FAILED: \(message)\n"
    for detail in details { text += String(detail.prefix(4000)) + "\n" }
    _ = text.withCString { write(2, $0, strlen($0)) }
    abort()
}
