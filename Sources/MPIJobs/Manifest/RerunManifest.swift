import KubeClient

/// A new MPIJob from an old one (`mpijob rerun`): its spec and the labels and annotations its
/// user gave it, without what the cluster added — status, uid, resourceVersion, managedFields,
/// owner references, the mpi-operator's and Kueue's own keys.
public enum RerunManifest {
    /// Keys Kueue or kubectl write on a job object; a rerun must not carry them (a prebuilt
    /// Workload name would even bind the new job to the old job's Workload).
    static let droppedKeys: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration",
        "kueue.x-k8s.io/job-uid", "kueue.x-k8s.io/prebuilt-workload-name", "kueue.x-k8s.io/job-owner-gvk",
        "kueue.x-k8s.io/job-owner-name", "kueue.x-k8s.io/component-workload-index", "kueue.x-k8s.io/priority-boost",
    ]
    static let droppedPrefixes = ["training.kubeflow.org/"]
    static let rerunInfix = "-rerun-"

    static func keeps(_ key: String) -> Bool {
        !droppedKeys.contains(key) && !droppedPrefixes.contains { key.hasPrefix($0) }
    }

    public enum Naming: Sendable, Equatable {
        /// `metadata.name`
        case named(String)
        /// `metadata.generateName`: the API server appends five random characters.
        case generated(prefix: String)
    }

    /// The rerun's manifest. `workload` is the old job's Kueue Workload: while Kueue has it
    /// admitted, the job's pod templates carry what Kueue merged in at admission (the flavor's
    /// node labels and tolerations), and the Workload holds the templates as the user wrote
    /// them (Kueue restores the job from them when it stops it).
    public static func build(from job: MPIJob, naming: Naming, workload: Workload? = nil) -> JSON {
        var metadata = JSONObject()
        switch naming {
        case .named(let name): metadata["name"] = .string(name)
        case .generated(let prefix): metadata["generateName"] = .string(prefix)
        }
        metadata["namespace"] = .string(job.namespace)
        for field in ["labels", "annotations"] {
            let kept = (job.object[path: "metadata", field]?.objectValue?.pairs ?? []).filter { keeps($0.key) }
            if !kept.isEmpty { metadata[field] = .object(JSONObject(kept.map { ($0.key, $0.value) })) }
        }
        var spec = job.object["spec"] ?? .object(JSONObject())
        // Suspension belongs to the old run (a user's pause, or Kueue holding it): the rerun starts
        // unsuspended, and Kueue's webhook suspends it again when it has a queue label.
        spec.remove(at: ["runPolicy", "suspend"])
        if let workload, workload.admittedClusterQueue != nil {
            for (role, podSet) in [("Launcher", "launcher"), ("Worker", "worker")] {
                if spec[path: "mpiReplicaSpecs", role] != nil, let template = workload.podSetTemplate(podSet) {
                    spec.set(template, at: ["mpiReplicaSpecs", role, "template"])
                }
            }
        }
        return .object(JSONObject([
            ("apiVersion", job.object["apiVersion"] ?? .string(MPIJob.apiVersion)),
            ("kind", .string(MPIJob.kind)),
            ("metadata", .object(metadata)),
            ("spec", spec),
        ]))
    }

    /// The name without a `-rerun-<n>` suffix, so a rerun of `pi-rerun-2` is `pi-rerun-3`.
    public static func base(of name: String) -> String {
        guard let range = name.ranges(of: rerunInfix).last else { return name }
        let suffix = name[range.upperBound...]
        guard !suffix.isEmpty, suffix.allSatisfy(\.isNumber), suffix.first != "0" else { return name }
        return String(name[..<range.lowerBound])
    }

    /// `<base>-rerun-<n>`, n one more than the highest already taken (from 1).
    public static func nextName(for name: String, taken: [String]) -> String {
        let base = base(of: name)
        let prefix = base + rerunInfix
        let highest = taken.compactMap { candidate -> Int? in
            guard candidate.hasPrefix(prefix) else { return nil }
            let digits = candidate.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
            return Int(digits)
        }.max() ?? 0
        return prefix + String(highest + 1)
    }
}
