import KubeClient
import MPIJobs

@testable import ODHCLI

/// Objects a real kube-apiserver returned (`Tests/Fixtures/apiserver-golden/`, provenance in
/// its README), and facts built from them through `LiveJobStore` as the watches would.
enum TopFixtures {
    static let goldenDirectory: String = {
        var parts = #filePath.split(separator: "/").map(String.init)
        parts.removeLast(3)
        return "/" + parts.joined(separator: "/") + "/Tests/Fixtures/apiserver-golden/"
    }()

    /// The JSON body of a recorded exchange: what follows the first blank line.
    static func golden(_ name: String) throws -> JSON {
        let text = try FileIO.readText(goldenDirectory + name)
        let body = text.firstRange(of: "\n\n").map { String(text[$0.upperBound...]) } ?? ""
        return try JSONParser.parse(body)
    }

    static func items(_ name: String) throws -> [JSON] {
        try golden(name)["items"]?.arrayValue ?? []
    }

    /// A copy of the recorded OOMKilled worker as another pod of the job: a different name,
    /// role, index and state.
    static func pod(from recorded: JSON, job: String, role: String, index: Int?, running: Bool) -> JSON {
        var pod = recorded
        let name = role == "launcher" ? "\(job)-launcher-abcde" : "\(job)-worker-\(index ?? 0)"
        pod.set(.string(name), at: ["metadata", "name"])
        pod.set(.string("uid-\(name)"), at: ["metadata", "uid"])
        pod.set(.string(job), at: ["metadata", "labels", "training.kubeflow.org/job-name"])
        pod.set(.string(role), at: ["metadata", "labels", "training.kubeflow.org/job-role"])
        if let index {
            pod.set(.string(String(index)), at: ["metadata", "labels", "training.kubeflow.org/replica-index"])
        } else {
            pod.remove(at: ["metadata", "labels", "training.kubeflow.org/replica-index"])
        }
        if running {
            pod.set("Running", at: ["status", "phase"])
            var statuses = pod[path: "status", "containerStatuses"]?.arrayValue ?? []
            if !statuses.isEmpty {
                statuses[0].set(["running": ["startedAt": "2026-11-24T01:21:54Z"]], at: ["state"])
                statuses[0].set(.bool(true), at: ["ready"])
            }
            pod.set(.array(statuses), at: ["status", "containerStatuses"])
        }
        return pod
    }

    static func facts(job: JSON, pods: [JSON] = [], events: [JSON] = [], log: [String] = []) -> LiveJobFacts {
        let mpijob = MPIJob(job)
        let store = LiveJobStore(name: mpijob.name, namespace: mpijob.namespace, job: nil, wake: {})
        store.apply(.job(mpijob))
        for pod in pods { store.apply(.pod(pod)) }
        for event in events { store.apply(.event(JobEvent(event))) }
        if !log.isEmpty { store.appendLog(Array(log.map { $0 + "\n" }.joined().utf8)) }
        return store.snapshot()
    }
}
