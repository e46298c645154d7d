// DurationParser (Go's time.ParseDuration syntax: 90s, 1h30m, 500ms) on arbitrary text:
// a Duration or a DurationError, never a trap. The entry points must agree with each
// other: negative only with allowNegative, whole seconds exactly when the value is a
// non-negative whole number of seconds, and a leading "-" negates.
import KubeClient
import MPIJobs

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDuration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    _ = try? DurationParser.parse(text, bareIntegerIsSeconds: true)
    _ = try? DurationParser.parseSeconds(text, allowNegative: true)
    let signed: Duration
    do {
        signed = try DurationParser.parse(text, allowNegative: true)
    } catch {
        _ = error.description
        if (try? DurationParser.parse(text)) != nil { propertyFailed("accepted only without allowNegative: \(text.debugDescription)") }
        return 0
    }
    let unsigned = try? DurationParser.parse(text)
    if signed < .zero {
        if unsigned != nil { propertyFailed("negative \(signed) accepted without allowNegative: \(text.debugDescription)") }
    } else if unsigned != signed {
        propertyFailed("allowNegative changed a non-negative result for \(text.debugDescription)")
    }
    let (seconds, attoseconds) = signed.components
    let whole = try? DurationParser.parseWholeSeconds(text)
    if signed >= .zero && attoseconds == 0 {
        if whole != Int(seconds) { propertyFailed("\(signed) is whole seconds, parseWholeSeconds gave \(String(describing: whole)): \(text.debugDescription)") }
    } else if whole != nil {
        propertyFailed("parseWholeSeconds accepted \(signed): \(text.debugDescription)")
    }
    if let first = text.first, first != "-" && first != "+" {
        guard let negated = try? DurationParser.parse("-" + text, allowNegative: true) else {
            propertyFailed("\(text.debugDescription) parses but \"-\" + it does not")
        }
        if negated != .zero - signed { propertyFailed("-(\(text.debugDescription)) is \(negated), not the negation of \(signed)") }
    }
    return 0
}
