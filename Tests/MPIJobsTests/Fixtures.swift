import Foundation
import KubeClient

/// Upstream data the tests load instead of inventing shapes: `Tests/Fixtures/` (provenance in its README).
enum Fixtures {
    /// The repository root, from this file's path (symlinks resolved).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let root = repoRoot.appendingPathComponent("Tests/Fixtures")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Every upstream MPIJob example: mpi-operator's `examples/**.yaml` and Kueue's sample.
    static func upstreamExampleFiles() throws -> [URL] {
        let examples = root.appendingPathComponent("crds/mpi-operator/examples")
        guard let walker = FileManager.default.enumerator(at: examples, includingPropertiesForKeys: nil) else {
            throw Failure(description: "cannot list \(examples.path)")
        }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "yaml" { files.append(url) }
        files.append(root.appendingPathComponent("crds/kueue/sample-mpijob.yaml"))
        return files.sorted { $0.path < $1.path }
    }

    /// The documents of a YAML file as JSON, read the way `create -f` reads them.
    static func yamlDocuments(_ url: URL) throws -> [JSON] {
        try YAMLReader.documents(try String(contentsOf: url, encoding: .utf8))
    }

    /// The body of a recorded exchange in `apiserver-golden/`: what follows the first blank line.
    static func goldenBody(_ name: String) throws -> JSON {
        let url = root.appendingPathComponent("apiserver-golden/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let range = text.range(of: "\n\n") else {
            throw Failure(description: "no blank line in \(url.path)")
        }
        return try JSONParser.parse(String(text[range.upperBound...]))
    }
}
