import KubeClient

/// One object read from a manifest, with where it came from for error messages.
public struct ManifestDocument: Sendable {
    public var object: JSON
    /// `job.yaml`, `job.yaml (document 2)`, `stdin`.
    public var origin: String

    public init(object: JSON, origin: String) {
        self.object = object
        self.origin = origin
    }
}

public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var origin: String
    public var message: String
    public var description: String { "\(origin): \(message)" }

    public init(origin: String, message: String) {
        self.origin = origin
        self.message = message
    }
}

/// Splits a manifest (multi-document YAML, JSON, or a `List`) into objects, as `kubectl
/// create -f` does. Empty documents are skipped; anything that is not a mapping is an error.
public enum ManifestDocuments {
    public static func parse(_ text: String, origin: String) throws(ManifestError) -> [ManifestDocument] {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{FEFF}" }
        var values: [JSON]
        if trimmed.first == "{" || trimmed.first == "[" {
            do {
                values = [try JSONParser.parse(String(trimmed))]
            } catch {
                throw ManifestError(origin: origin, message: "invalid JSON: \(error)")
            }
        } else {
            do {
                values = try YAMLReader.documents(text)
            } catch {
                throw ManifestError(origin: origin, message: "invalid YAML: \(error)")
            }
        }
        if values.count == 1, case .array(let items) = values[0] { values = items }
        var documents: [ManifestDocument] = []
        for (index, value) in values.enumerated() {
            let where_ = values.count > 1 ? "\(origin) (document \(index + 1))" : origin
            if value.isNull { continue }
            guard case .object = value else {
                throw ManifestError(origin: where_, message: "expected a Kubernetes object (a mapping), found \(value.kindName)")
            }
            let kind = value["kind"]?.stringValue ?? ""
            if kind == "List" || (kind.hasSuffix("List") && value["items"] != nil) {
                for (i, item) in (value["items"]?.arrayValue ?? []).enumerated() {
                    guard case .object = item else {
                        throw ManifestError(origin: "\(where_) item \(i + 1)", message: "expected an object, found \(item.kindName)")
                    }
                    documents.append(ManifestDocument(object: item, origin: "\(where_) item \(i + 1)"))
                }
                continue
            }
            documents.append(ManifestDocument(object: value, origin: where_))
        }
        return documents
    }
}
