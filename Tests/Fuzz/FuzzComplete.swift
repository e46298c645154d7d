// `__complete` (shell completion's backend) on arbitrary words, with contexts, namespaces and
// job names from fixed lists: never a trap, and nothing that would break cobra's line protocol
// (a candidate with a newline, or an empty one) or offer a flag for a word that is not one.
import ODHCLI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzComplete(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let words = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    for asMPIJob in [false, true] {
        let result = CLI.fuzzComplete(words, asMPIJob: asMPIJob)
        if ![0, 4].contains(result.directive) { propertyFailed("unknown directive \(result.directive)") }
        for candidate in result.candidates {
            if candidate.isEmpty || candidate.contains("\n") {
                propertyFailed("a candidate breaks the protocol: \(candidate.debugDescription)", words.debugDescription)
            }
        }
        let partial = words.last ?? ""
        if partial.hasPrefix("-") && !partial.contains("=") && result.candidates.contains(where: { !$0.hasPrefix(partial) }) {
            propertyFailed("a flag candidate does not extend the word typed", words.debugDescription,
                           result.candidates.joined(separator: " "))
        }
    }
    return 0
}
