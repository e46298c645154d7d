import KubeClient
import MPIJobs
import TrainingJobs

/// What the `jobs` verbs share: the kind filter, `KIND/NAME` arguments, and the served kinds.
enum JobsOptions {
    static let kind = OptionSpec(long: "kind", kind: .value, valueName: "KIND,...",
                                 help: "only these kinds: " + JobKinds.kindNames.joined(separator: ","),
                                 completion: .choices(JobKinds.kindNames))

    static let nameHelp = "KIND/NAME (e.g. pytorchjob/mnist) or a NAME only one kind uses"

    /// `--kind pytorchjob,tfjobs`: nil when not given.
    static func parseKinds(_ parsed: ParsedArguments) throws(UsageError) -> [any TrainingJobKind]? {
        guard let raw = parsed.string("kind") else { return nil }
        var kinds: [any TrainingJobKind] = []
        for word in raw.split(separator: ",") {
            let text = String(word).trimmingCharacters(in: [" "])
            guard let kind = JobKinds.named(text) else { throw unknownKind(text) }
            if !kinds.contains(where: { $0.kind == kind.kind }) { kinds.append(kind) }
        }
        guard !kinds.isEmpty else { throw UsageError("--kind needs at least one kind") }
        return kinds
    }

    static func unknownKind(_ text: String) -> UsageError {
        UsageError("unknown job kind \"\(text)\": use one of \(JobKinds.kindNames.joined(separator: ", "))",
                   hint: Suggestion.closest(to: text.lowercased(), in: JobKinds.kindNames).map { "did you mean \($0)?" })
    }

    /// Every positional as a job reference; an unknown kind is a usage error before anything is sent.
    static func parseReferences(_ words: [String]) throws(UsageError) -> [JobReference] {
        var references: [JobReference] = []
        for word in words {
            do {
                references.append(try JobReference.parse(word).reference)
            } catch {
                switch error {
                case .unknownKind(let kind): throw unknownKind(kind)
                case .empty: throw UsageError(error.description)
                }
            }
        }
        return references
    }

    /// The served kinds among `wanted` (all when nil). A kind asked for by name that the cluster
    /// does not serve is an error; the kinds of a plain `jobs list` that are not served are skipped.
    static func servedKinds(_ session: Session, wanted: [any TrainingJobKind]?) throws -> [any TrainingJobKind] {
        let served = try session.servedResources()
        let kinds = served.kinds(among: wanted ?? JobKinds.all)
        if let wanted {
            let missing = wanted.filter { !served.serves($0.resource) }
            if kinds.isEmpty, let first = missing.first {
                throw TrainingJobError.kindNotServed(first.resource, operatorName: first.operatorName)
            }
            for kind in missing {
                session.warn("the cluster does not serve \(kind.resource.qualified) (\(kind.operatorName) is not installed)")
            }
        } else if kinds.isEmpty {
            throw TrainingJobError.noKindsServed
        }
        return kinds
    }
}
