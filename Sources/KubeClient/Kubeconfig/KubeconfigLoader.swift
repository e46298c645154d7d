/// Finds and merges kubeconfig files by kubectl's rules:
/// `--kubeconfig` alone if given (it must exist); else every path in `KUBECONFIG`
/// (missing ones skipped), merged so that the first file to define a name wins; else
/// `~/.kube/config`; else nothing (the caller may then try in-cluster configuration).
public struct KubeconfigLoader: Sendable {
    public var explicitPath: String?
    public var environment: [String: String]

    public init(explicitPath: String?, environment: [String: String]) {
        self.explicitPath = explicitPath
        self.environment = environment
    }

    /// The files to read, in precedence order.
    public func candidatePaths() -> (paths: [String], mustExist: Bool) {
        if let explicitPath, !explicitPath.isEmpty { return ([explicitPath], true) }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
            var unique: [String] = []
            for path in paths where !unique.contains(path) { unique.append(path) }
            return (unique, false)
        }
        if let home = environment["HOME"], !home.isEmpty {
            return ([home + "/.kube/config"], false)
        }
        return ([], false)
    }

    /// Returns nil when no file exists and none was demanded.
    public func load() throws(KubeconfigError) -> Kubeconfig? {
        let (paths, mustExist) = candidatePaths()
        var merged = Kubeconfig()
        var found = false
        for path in paths {
            let text: String
            do {
                guard let contents = try FileIO.readTextIfExists(path) else {
                    if mustExist {
                        throw KubeconfigError(.notFound, "kubeconfig file \"\(path)\" does not exist")
                    }
                    continue
                }
                text = contents
            } catch let error as KubeconfigError {
                throw error
            } catch {
                throw KubeconfigError(.invalid, "cannot read kubeconfig \"\(path)\": \(error)")
            }
            found = true
            let file = try KubeconfigFile.parse(text, path: path)
            merged.merge(file)
        }
        return found ? merged : nil
    }
}

extension Kubeconfig {
    /// First definition wins, as kubectl merges `KUBECONFIG`.
    mutating func merge(_ other: Kubeconfig) {
        for (name, value) in other.clusters where clusters[name] == nil { clusters[name] = value }
        for (name, value) in other.users where users[name] == nil { users[name] = value }
        for (name, value) in other.contexts where contexts[name] == nil { contexts[name] = value }
        if currentContext == nil || currentContext == "" { currentContext = other.currentContext }
        sources += other.sources
    }
}
