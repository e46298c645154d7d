// The kubeconfig file parser on arbitrary text: a Kubeconfig or a KubeconfigError, never
// a trap. Only parsing: nothing is read from disk, no credential plugin runs.
import KubeClient

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKubeconfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    do {
        let config = try Kubeconfig.parse(text: text, path: "/fuzz/.kube/config")
        // Every name the parser keeps must be usable as a key: non-empty.
        for name in Array(config.clusters.keys) + Array(config.users.keys) + Array(config.contexts.keys)
        where name.isEmpty {
            propertyFailed("an entry with an empty name was kept", text)
        }
    } catch {
        _ = error.description
    }
    return 0
}
