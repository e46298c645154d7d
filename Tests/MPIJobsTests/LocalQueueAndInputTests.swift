import KubeClient
import Testing

@testable import MPIJobs

@Suite struct LocalQueueTests {
    func queue(_ text: String) throws -> LocalQueue { LocalQueue(try JSONParser.parse(text)) }

    @Test func readsKueuesFields() throws {
        let queue = try queue(#"""
            {"apiVersion":"kueue.x-k8s.io/v1beta1","kind":"LocalQueue","metadata":{"name":"user-queue","namespace":"team-a"},
             "spec":{"clusterQueue":"cluster-queue"},
             "status":{"pendingWorkloads":3,"admittedWorkloads":1,"reservingWorkloads":1,
                       "conditions":[{"type":"Active","status":"True","reason":"Ready","message":"Can submit new workloads"}]}}
            """#)
        #expect(queue.name == "user-queue")
        #expect(queue.clusterQueue == "cluster-queue")
        #expect(queue.pendingWorkloads == 3 && queue.admittedWorkloads == 1)
        #expect(queue.isActive)
    }

    @Test func aStoppedOrInactiveQueueIsNotActive() throws {
        #expect(!(try queue(#"{"metadata":{"name":"q"},"spec":{"clusterQueue":"c","stopPolicy":"Hold"}}"#).isActive))
        #expect(!(try queue(#"""
            {"metadata":{"name":"q"},"status":{"conditions":[{"type":"Active","status":"False","reason":"ClusterQueueDoesNotExist"}]}}
            """#).isActive))
        #expect(try queue(#"{"metadata":{"name":"q"},"spec":{"stopPolicy":"None"}}"#).isActive)
    }

    @Test func theCollectionPathFollowsTheServedVersion() {
        #expect(KueueAPI(version: "v1beta1").localQueuesPath(namespace: "team-a")
                == "/apis/kueue.x-k8s.io/v1beta1/namespaces/team-a/localqueues")
        #expect(KueueAPI(version: "v1beta2").localQueuesPath(namespace: "team-a")
                == "/apis/kueue.x-k8s.io/v1beta2/namespaces/team-a/localqueues")
    }
}

@Suite struct JobRequestInputTests {
    @Test func valuesAreReadOnceForFlagsAndTypedAnswers() throws {
        #expect(try JobRequest.parseCount("4", field: "--workers") == 4)
        #expect(throws: ValidationIssue(field: "--workers", message: "must be a whole number, got \"4.5\"")) {
            try JobRequest.parseCount("4.5", field: "--workers")
        }
        #expect(try JobRequest.parseResource("500m", field: "--cpu").description == "500m")
        #expect(throws: ValidationIssue(field: "--cpu", message: "must be more than 0, got \"-1\"")) {
            try JobRequest.parseResource("-1", field: "--cpu")
        }
        #expect(throws: ValidationIssue.self) { try JobRequest.parseResource("16 GB", field: "--memory") }
        #expect(try JobRequest.parseWholeSeconds("1h", field: "--ttl") == 3600)
        #expect(try JobRequest.parseMPIImplementation("intel", field: "--mpi-implementation") == .intel)
        #expect(try JobRequest.parseCleanPodPolicy("ALL", field: "--clean-pod-policy") == .all)
        #expect(throws: ValidationIssue(field: "--clean-pod-policy", message: "must be Running, All or None, got \"x\"")) {
            try JobRequest.parseCleanPodPolicy("x", field: "--clean-pod-policy")
        }
    }
}
