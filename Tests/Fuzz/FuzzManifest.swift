// What `create -f` does with a file before sending it: ManifestDocuments.parse (YAML or
// JSON, several documents, List objects) and then MPIJobValidator.validate on every object
// that parses. Errors and validation issues are fine; a trap is not.
import KubeClient
import MPIJobs

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    let documents: [ManifestDocument]
    do {
        documents = try ManifestDocuments.parse(text, origin: "fuzz.yaml")
    } catch {
        _ = error.description
        return 0
    }
    for document in documents {
        let issues = MPIJobValidator.validate(document.object)
        for issue in issues { _ = issue.description }
    }
    return 0
}
