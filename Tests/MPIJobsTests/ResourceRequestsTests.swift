import KubeClient
import Testing

@testable import MPIJobs

/// A quantity literal for test tables; a typo fails the test that uses it.
func q(_ text: String) -> Quantity {
    do {
        return try Quantity(parsing: text)
    } catch {
        Issue.record("bad quantity literal in a test: \(error)")
        return .zero
    }
}

func container(requests: JSON? = nil, limits: JSON? = nil, sidecar: Bool = false) -> JSON {
    var c: JSON = ["name": "c", "image": "i"]
    if let requests { c.set(requests, at: ["resources", "requests"]) }
    if let limits { c.set(limits, at: ["resources", "limits"]) }
    if sidecar { c.set("Always", at: ["restartPolicy"]) }
    return c
}

@Suite struct ResourceRequestsTests {
    @Test func requestsFallBackToLimits() throws {
        let pod = try ResourceRequests.pod([
            "containers": [
                container(requests: ["cpu": "500m"], limits: ["cpu": "1", "memory": "1Gi"]),
                container(limits: ["memory": "512Mi", "nvidia.com/gpu": 1]),
            ],
        ])
        #expect(pod.requests == ["cpu": q("500m"), "memory": q("1536Mi"), "nvidia.com/gpu": q("1")])
        #expect(pod.limits == ["cpu": q("1"), "memory": q("1536Mi"), "nvidia.com/gpu": q("1")])
        #expect(pod.requests["memory"]?.description == "1536Mi")
        #expect(pod.keysSetByEveryContainer == ["memory", "requests.memory", "limits.memory"])
        #expect(!pod.isBestEffort)
    }

    @Test func initContainersAreMaxedNotAdded() throws {
        let pod = try ResourceRequests.pod([
            "containers": [container(requests: ["cpu": "1", "memory": "1Gi"]), container(requests: ["cpu": "1"])],
            "initContainers": [container(requests: ["cpu": "3", "memory": "100Mi"]), container(requests: ["memory": "4Gi"])],
        ])
        #expect(pod.requests == ["cpu": q("3"), "memory": q("4Gi")])
    }

    @Test func sidecarsAddToEveryPhase() throws {
        // Kubernetes 1.29+ sidecar: runs beside later init containers and the app containers.
        let pod = try ResourceRequests.pod([
            "containers": [container(requests: ["cpu": "1"])],
            "initContainers": [
                container(requests: ["cpu": "500m"], sidecar: true),
                container(requests: ["cpu": "2"]),
            ],
        ])
        // max(app 1 + sidecar 0.5, init 2 + sidecar 0.5) = 2.5
        #expect(pod.requests["cpu"] == q("2500m"))
    }

    @Test func emptyPodIsBestEffort() throws {
        let pod = try ResourceRequests.pod(["containers": [container()]])
        #expect(pod.requests.isEmpty && pod.isBestEffort)
        #expect(pod.keysSetByEveryContainer.isEmpty)
    }

    @Test func badQuantityNamesItsField() {
        #expect(throws: ResourceError(
            field: "spec.mpiReplicaSpecs[Worker].template.spec.containers[0].resources.limits[memory]",
            reason: "invalid quantity \"16GB\": unknown suffix \"GB\"; expected a number with an optional suffix: Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent such as e3"
        )) {
            try ResourceRequests.job(with(validJob(), ["spec": ["containers": [container(limits: ["memory": "16GB"])]]],
                                          at: "spec", "mpiReplicaSpecs", "Worker", "template"))
        }
    }

    @Test func upstreamPiExample() throws {
        let file = Fixtures.root.appendingPathComponent("crds/mpi-operator/examples/pi/pi.yaml")
        let pi = try #require(try Fixtures.yamlDocuments(file).first)
        let job = try ResourceRequests.job(pi)
        #expect(job.workerReplicas == 2 && job.pods == 3)
        #expect(job.requests == ["cpu": q("3"), "memory": q("3Gi")])
        #expect(job.requests["memory"]?.description == "3Gi")
        #expect(job.limits == job.requests)
    }

    @Test func upstreamGPUExample() throws {
        let file = Fixtures.root.appendingPathComponent("crds/mpi-operator/examples/tensorflow-benchmarks/tensorflow-benchmarks.yaml")
        let job = try ResourceRequests.job(try #require(try Fixtures.yamlDocuments(file).first))
        #expect(job.requests == ["nvidia.com/gpu": q("2")])
        // QoS looks only at CPU and memory: GPUs alone leave a pod BestEffort.
        #expect(job.launcher.isBestEffort && job.worker.isBestEffort)
    }

    @Test func builderOutputAddsUp() throws {
        let job = try ResourceRequests.job(ManifestBuilder.build(try ManifestBuilderTests.fullRequest()))
        // launcher 500m/1Gi + 4 × (8 CPU, 32Gi, 2 GPUs)
        #expect(job.requests == ["cpu": q("32500m"), "memory": q("129Gi"), "nvidia.com/gpu": q("8")])
        #expect(job.limits["cpu"] == q("32500m"))
    }
}
