import KubeClient
import MPIJobs

/// Which of a job's pods `jobs logs` reads.
public enum KindLogSelection: Sendable, Equatable {
    /// The pod whose log tells the job's story (the kind says which: master, launcher, node 0).
    case primary
    /// One role (`worker`, `node`), or one pod of it by index.
    case role(String, index: Int?)
    case all

    /// The role to list and watch pods by; nil for several roles.
    public var role: String? {
        if case .role(let role, _) = self { return role }
        return nil
    }
}

/// Turns a job's pods into log targets, for one read or as pods appear and change while
/// following. Pods are chosen by the kind's labels, labelled `worker-1`, `launcher`, `node-0`.
public struct KindLogTargets: Sendable {
    public let job: TrainingJob
    public let selection: KindLogSelection
    public let container: String?
    let prefix: @Sendable (_ label: String, _ slot: Int) -> [UInt8]

    private var states: [String: ContainerLogState] = [:]
    private var uidByName: [String: String] = [:]
    private var slots: [String: Int] = [:]

    public init(job: TrainingJob, selection: KindLogSelection, container: String?,
                prefix: @escaping @Sendable (_ label: String, _ slot: Int) -> [UInt8] = { _, _ in [] }) {
        self.job = job
        self.selection = selection
        self.container = container
        self.prefix = prefix
    }

    /// Every label that may appear, for aligning prefixes before all pods exist.
    public var possibleLabels: [String] {
        job.replicas.map { replica in
            let role = replica.role.lowercased()
            return replica.desired > 1 ? "\(role)-\(replica.desired - 1)" : "\(role)-0"
        }
    }

    public func selects(_ pod: JSON) -> Bool {
        let role = job.kind.podRole(pod)
        switch selection {
        case .all: return true
        case .primary: return job.kind.isPrimary(role, of: job.object)
        case .role(let wanted, let index):
            return role.role == wanted.lowercased() && (index == nil || role.index == index)
        }
    }

    /// Pods seen by a list or a watch. `initial`: they were there when reading began, so
    /// `--tail`/`--since` apply; later pods are read from their start.
    public mutating func observe(_ pods: [JSON], initial: Bool) -> (changes: [LogTargetChange], notices: [LogNotice]) {
        var changes: [LogTargetChange] = []
        var notices: [LogNotice] = []
        for placed in JobPodList.ordered(pods.filter(selects), of: job) {
            let pod = placed.pod
            guard let uid = placed.summary.uid else { continue }
            if let known = states[uid] {
                guard known != .gone, let chosen = chosenContainer(pod) else { continue }
                let state = ContainerLogState(pod: pod, container: chosen)
                if state != known {
                    states[uid] = state
                    changes.append(.update(id: uid, state: state))
                }
                continue
            }
            let label = placed.role.label
            uidByName[placed.summary.name] = uid
            guard let chosen = chosenContainer(pod) else {
                states[uid] = .gone
                notices.append(.unavailable(label: label, pod: placed.summary.name, problem: .noContainer(
                    container: container ?? "", available: placed.summary.containers.map(\.name))))
                continue
            }
            let slot = slots[label] ?? slots.count
            slots[label] = slot
            let state = ContainerLogState(pod: pod, container: chosen)
            states[uid] = state
            changes.append(.add(LogTarget(
                id: uid, namespace: job.namespace, pod: placed.summary.name, container: chosen, label: label,
                prefix: prefix(label, slot), state: state, readFromStart: !initial)))
        }
        return (changes, notices)
    }

    /// A pod was deleted (a watch's deletion may carry only the name).
    public mutating func forget(_ pod: JSON) -> [LogTargetChange] {
        let name = pod[path: "metadata", "name"]?.stringValue ?? ""
        guard let uid = pod[path: "metadata", "uid"]?.stringValue ?? uidByName[name], let state = states[uid],
            state != .gone
        else { return [] }
        states[uid] = .gone
        return [.update(id: uid, state: .gone)]
    }

    public var seenAny: Bool { !states.isEmpty }

    /// `-c`, else the pod's first container (the operators put the training process there).
    func chosenContainer(_ pod: JSON) -> String? {
        let names = (pod[path: "spec", "containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            + (pod[path: "spec", "initContainers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if let container { return names.contains(container) ? container : nil }
        return pod[path: "spec", "containers"]?[0]?["name"]?.stringValue
    }
}
