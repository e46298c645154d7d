import KubeClient

/// The pod scopes of a ResourceQuota (`spec.scopes`, `spec.scopeSelector`): a scoped quota
/// counts only the pods that match every scope, and only pod resources, never object
/// counts such as `count/mpijobs.kubeflow.org`.
struct QuotaScope {
    private enum Rule {
        case terminating(Bool)
        case bestEffort(Bool)
        case priorityClass(operator: String, values: [String])
    }

    private var rules: [Rule] = []
    /// The first scope this check cannot evaluate (CrossNamespacePodAffinity, anything new).
    private(set) var unsupported: String?

    var isScoped: Bool { !rules.isEmpty || unsupported != nil }

    init(_ quota: JSON) {
        for scope in quota[path: "spec", "scopes"]?.arrayValue ?? [] {
            add(scope.stringValue ?? scope.compactText, operator: "Exists", values: [])
        }
        for expression in quota[path: "spec", "scopeSelector", "matchExpressions"]?.arrayValue ?? [] {
            add(
                expression["scopeName"]?.stringValue ?? "",
                operator: expression["operator"]?.stringValue ?? "",
                values: (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }

    private mutating func add(_ name: String, operator op: String, values: [String]) {
        let positive = op != "DoesNotExist"
        switch name {
        case "Terminating": rules.append(.terminating(positive))
        case "NotTerminating": rules.append(.terminating(!positive))
        case "BestEffort": rules.append(.bestEffort(positive))
        case "NotBestEffort": rules.append(.bestEffort(!positive))
        case "PriorityClass": rules.append(.priorityClass(operator: op, values: values))
        default: if unsupported == nil { unsupported = name.isEmpty ? "(unnamed)" : name }
        }
    }

    func matches(_ pod: PodResources) -> Bool {
        rules.allSatisfy { rule in
            switch rule {
            case .terminating(let wanted): return pod.isTerminating == wanted
            case .bestEffort(let wanted): return pod.isBestEffort == wanted
            case .priorityClass(let op, let values):
                let name = pod.priorityClassName ?? ""
                switch op {
                case "In": return values.contains(name)
                case "NotIn": return !values.contains(name)
                case "Exists": return !name.isEmpty
                case "DoesNotExist": return name.isEmpty
                default: return false
                }
            }
        }
    }
}
