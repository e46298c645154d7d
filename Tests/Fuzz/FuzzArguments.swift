// The command line parser and every command's option validation (CLI.fuzzParse: what `run`
// decides before it needs a cluster) on arbitrary words. The input is argv, words split at
// NUL bytes; as in CLI.run, a first word naming kubectl-odh-mpijob selects that command
// tree. A usage error is fine; a trap is not, and neither is a job built from flags that
// were all accepted which MPIJobValidator then rejects (create would refuse to send it).
import ODHCLI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArguments(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let words = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    let program = words.first.map { String($0.split(separator: "/").last ?? "") } ?? "kubectl-odh"
    let result = CLI.fuzzParse(Array(words.dropFirst()), asMPIJob: program.hasPrefix("kubectl-odh-mpijob"))
    if !result.builtJobIssues.isEmpty {
        propertyFailed("flags accepted, but the job built from them is invalid:",
                       words.debugDescription, result.builtJobIssues.joined(separator: "\n"))
    }
    return 0
}
