import KubeClient

/// One quota line: what the job would add to one hard limit of one ResourceQuota.
public struct QuotaRow: Sendable, Equatable, CustomStringConvertible {
    public var quota: String
    /// The quota's key: `requests.cpu`, `count/mpijobs.kubeflow.org`, `pods`, ...
    public var resource: String
    public var requested: Quantity
    public var used: Quantity
    public var hard: Quantity
    /// hard − used; negative when the namespace is already over (a quota lowered later).
    public var available: Quantity
    /// requested > hard − used: the API server or the quota admission would refuse it.
    public var exceeded: Bool

    /// One line for a table or a log; `QuotaReport.exceededMessages` has the server's wording.
    public var description: String {
        "\(quota): \(resource) requested \(requested), used \(used), hard \(hard)"
    }
}

/// A ResourceQuota tracks a cpu/memory key that some containers of a role do not set: the
/// quota admission refuses such pods ("must specify requests.cpu"), so the job would never start.
public struct MissingRequest: Sendable, Equatable {
    public var quota: String
    /// `requests.cpu`, `memory`, `limits.memory`, ...
    public var key: String
    /// `launcher` or `worker`.
    public var role: String

    /// The resource a LimitRange default would have to fill: `cpu` or `memory`.
    public var resource: String { key.split(separator: ".").last.map(String.init) ?? key }
    public var isLimit: Bool { key.hasPrefix("limits.") }
}

public struct QuotaReport: Sendable, Equatable {
    public var rows: [QuotaRow] = []
    /// Pods the quota admission would refuse outright (unless a LimitRange fills the values in).
    public var missingRequests: [MissingRequest] = []
    /// Things the numbers cannot show: pods a quota would refuse for missing requests,
    /// scopes not evaluated, quotas without usage, a job that could not be measured.
    public var notes: [String] = []

    public var exceeded: Bool { rows.contains { $0.exceeded } }
    public var exceededRows: [QuotaRow] { rows.filter(\.exceeded) }

    /// `exceeded quota: team-a-quota, requested: requests.nvidia.com/gpu=8, used: ...=0,
    /// limited: ...=4`, one line per quota, as the API server words a quota refusal.
    public var exceededMessages: [String] {
        var order: [String] = []
        var byQuota: [String: [QuotaRow]] = [:]
        for row in exceededRows {
            if byQuota[row.quota] == nil { order.append(row.quota) }
            byQuota[row.quota, default: []].append(row)
        }
        return order.map { quota in
            let rows = byQuota[quota] ?? []
            func list(_ value: (QuotaRow) -> Quantity) -> String {
                rows.map { "\($0.resource)=\(value($0))" }.joined(separator: ",")
            }
            return "exceeded quota: \(quota), requested: \(list(\.requested)), used: \(list(\.used)), limited: \(list(\.hard))"
        }
    }
}

/// Whether a job fits the namespace's ResourceQuotas, checked before creating it: the
/// API server refuses only the MPIJob count; pods over a quota are refused later, one by
/// one, when the operator and the Job controller create them, and the job hangs.
public enum QuotaCheck {
    /// The objects a job brings: the MPIJob itself, and what the operator creates for it
    /// (the launcher Job, the headless Service, the `-config` ConfigMap, the `-ssh` Secret).
    static let objectCounts: [String: Int] = [
        "count/mpijobs.kubeflow.org": 1,
        "count/jobs.batch": 1,
        "count/services": 1, "services": 1,
        "count/configmaps": 1, "configmaps": 1,
        "count/secrets": 1, "secrets": 1,
    ]
    static let bareRequestKeys: Set<String> = ["cpu", "memory", "ephemeral-storage"]

    public static func check(job: JSON, quotas: [JSON]) -> QuotaReport {
        var report = QuotaReport()
        let resources: JobResources
        do {
            resources = try ResourceRequests.job(job)
        } catch {
            report.notes.append("could not add up the job's resources: \(error.description)")
            return report
        }
        for quota in quotas {
            check(resources, against: quota, into: &report)
        }
        return report
    }

    private static func check(_ job: JobResources, against quota: JSON, into report: inout QuotaReport) {
        let name = quota[path: "metadata", "name"]?.stringValue ?? "(unnamed quota)"
        guard let hard = (quota[path: "status", "hard"] ?? quota[path: "spec", "hard"])?.objectValue else { return }
        let used = quota[path: "status", "used"]?.objectValue
        if used == nil {
            report.notes.append("quota \(name) has no usage yet (status.used); counting it as 0")
        }

        // Scoped quotas count only the pods in scope, and only pod resources.
        let scope = QuotaScope(quota)
        if let unknown = scope.unsupported {
            report.notes.append("quota \(name): scope \(unknown) is not evaluated; its limits are not checked")
            return
        }
        let roles: [(pod: PodResources, count: Int, role: String)] = [
            (job.launcher, 1, "launcher"), (job.worker, job.workerReplicas, "worker"),
        ].filter { scope.matches($0.pod) && $0.count > 0 }

        for (key, hardValue) in hard.pairs {
            guard let requested = requestedAmount(key, roles: roles, scoped: scope.isScoped) else { continue }
            let row: QuotaRow
            do {
                let hardQuantity = try Quantity(json: hardValue)
                let usedQuantity = try used?[key].map(quantity) ?? .zero
                let available = try hardQuantity.subtracting(usedQuantity)
                let total = try requested.get()
                row = QuotaRow(
                    quota: name, resource: key, requested: total, used: usedQuantity, hard: hardQuantity,
                    available: available, exceeded: !total.isZero && total > available)
            } catch {
                report.notes.append("quota \(name) \(key): \(error.description)")
                continue
            }
            report.rows.append(row)

            // The quota admission refuses a pod whose containers do not all set a tracked
            // cpu/memory value, unless a LimitRange fills in defaults first.
            if ResourceRequests.computeKeys.contains(key) {
                for role in roles where !role.pod.keysSetByEveryContainer.contains(key) {
                    report.missingRequests.append(MissingRequest(quota: name, key: key, role: role.role))
                }
            }
        }
    }

    private static func quantity(_ json: JSON) throws(QuantityError) -> Quantity { try Quantity(json: json) }

    /// What the job adds to a quota key, or nil for keys this check does not understand.
    private static func requestedAmount(
        _ key: String, roles: [(pod: PodResources, count: Int, role: String)], scoped: Bool
    ) -> Result<Quantity, QuantityError>? {
        func sum(_ pick: (PodResources) -> Quantity?) -> Result<Quantity, QuantityError> {
            Result { () throws(QuantityError) -> Quantity in
                var total = Quantity.zero
                for role in roles {
                    total = try total.adding(try (pick(role.pod) ?? .zero).multiplied(by: role.count))
                }
                return total
            }
        }
        if key == "pods" || key == "count/pods" {
            return .success(Quantity(roles.reduce(0) { $0 + $1.count }))
        }
        if !scoped, let count = objectCounts[key] { return .success(Quantity(count)) }
        if bareRequestKeys.contains(key) { return sum { $0.requests[key] } }
        // PersistentVolumeClaim storage, not a pod resource.
        if key == "requests.storage" { return nil }
        if key.hasPrefix("requests.") {
            let resource = String(key.dropFirst("requests.".count))
            return sum { $0.requests[resource] }
        }
        if key.hasPrefix("limits.") {
            let resource = String(key.dropFirst("limits.".count))
            return sum { $0.limits[resource] }
        }
        return nil
    }
}
