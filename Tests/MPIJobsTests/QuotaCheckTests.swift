import KubeClient
import Testing

@testable import MPIJobs

@Suite struct QuotaCheckTests {
    /// team-a-quota as the real API server returned it: hard count 10, cpu 8, memory 16Gi, GPUs 4; nothing used.
    static func goldenQuota() throws -> JSON {
        let list = try Fixtures.goldenBody("27-resourcequotas.http")
        #expect(list["kind"] == "ResourceQuotaList")
        return try #require(list["items"]?[0])
    }

    static func job(workers: Int, gpus: Int? = nil, cpu: String = "1", memory: String = "1Gi") -> JSON {
        var request = JobRequest(name: "train", image: "i")
        request.workers = workers
        request.gpusPerWorker = gpus
        request.cpu = q(cpu)
        request.memory = q(memory)
        request.launcherCPU = q("500m")
        request.launcherMemory = q("512Mi")
        return ManifestBuilder.build(request)
    }

    func row(_ report: QuotaReport, _ resource: String) -> QuotaRow? { report.rows.first { $0.resource == resource } }

    @Test func fittingJob() throws {
        let report = QuotaCheck.check(job: Self.job(workers: 2, gpus: 1), quotas: [try Self.goldenQuota()])
        #expect(!report.exceeded)
        #expect(report.notes == [])
        #expect(report.rows.map(\.resource) == [
            "count/mpijobs.kubeflow.org", "requests.cpu", "requests.memory", "requests.nvidia.com/gpu",
        ])
        let cpu = try #require(row(report, "requests.cpu"))
        #expect(cpu.quota == "team-a-quota")
        #expect(cpu.requested.description == "2500m" && cpu.used == .zero && cpu.hard == q("8") && !cpu.exceeded)
        #expect(row(report, "requests.memory")?.requested.description == "2560Mi")
        #expect(row(report, "requests.nvidia.com/gpu")?.requested == q("2"))
        #expect(row(report, "count/mpijobs.kubeflow.org")?.requested == q("1"))
    }

    @Test func exceedsGPUs() throws {
        let report = QuotaCheck.check(job: Self.job(workers: 4, gpus: 2), quotas: [try Self.goldenQuota()])
        #expect(report.exceeded)
        #expect(report.exceededRows.map(\.resource) == ["requests.nvidia.com/gpu"])
        let gpu = try #require(row(report, "requests.nvidia.com/gpu"))
        #expect(gpu.requested == q("8") && gpu.available == q("4"))
        #expect(report.exceededMessages == [
            "exceeded quota: team-a-quota, requested: requests.nvidia.com/gpu=8, used: requests.nvidia.com/gpu=0, limited: requests.nvidia.com/gpu=4"
        ])
    }

    @Test func exactlyAtTheLimitFits() throws {
        // 4 workers × 1 GPU = 4 = hard; 8 CPUs: 500m + 3 × 2.5 = 8.
        let report = QuotaCheck.check(job: Self.job(workers: 4, gpus: 1, cpu: "1875m"), quotas: [try Self.goldenQuota()])
        #expect(row(report, "requests.nvidia.com/gpu")?.requested == q("4"))
        #expect(row(report, "requests.cpu")?.requested == q("8"))
        #expect(!report.exceeded)
        let over = QuotaCheck.check(job: Self.job(workers: 4, gpus: 1, cpu: "1876m"), quotas: [try Self.goldenQuota()])
        #expect(over.exceededRows.map(\.resource) == ["requests.cpu"])
    }

    @Test func exceedsTheJobCountLikeTheServerSays() throws {
        var quota = try Self.goldenQuota()
        quota.set("10", at: ["status", "used", "count/mpijobs.kubeflow.org"])
        let report = QuotaCheck.check(job: Self.job(workers: 1), quotas: [quota])
        #expect(report.exceededRows.map(\.resource) == ["count/mpijobs.kubeflow.org"])
        // The same words as the API server's 403 for the same situation.
        let refusal = try Fixtures.goldenBody("28-create-403-quota-count.http")
        let message = try #require(refusal["message"]?.stringValue)
        let ours = try #require(report.exceededMessages.first)
        #expect(message.hasSuffix(ours))
    }

    @Test func usedCountsAgainstHard() throws {
        var quota = try Self.goldenQuota()
        quota.set("14Gi", at: ["status", "used", "requests.memory"])
        let report = QuotaCheck.check(job: Self.job(workers: 2, memory: "1Gi"), quotas: [quota])
        let memory = try #require(row(report, "requests.memory"))
        #expect(memory.available == q("2Gi") && memory.requested == q("2560Mi") && memory.exceeded)
        #expect(memory.description == "team-a-quota: requests.memory requested 2560Mi, used 14Gi, hard 16Gi")
    }

    @Test func podsLimitsAndObjectCounts() throws {
        let quota: JSON = [
            "metadata": ["name": "counts"],
            "status": [
                "hard": ["pods": "4", "limits.cpu": "3", "limits.memory": "8Gi", "count/secrets": "5", "services": "1",
                         "configmaps": "2", "count/jobs.batch": "1", "requests.storage": "1Ti", "cpu": "100"],
                "used": ["pods": "1", "limits.cpu": "0", "limits.memory": "0", "count/secrets": "5", "services": "0",
                         "configmaps": "1", "count/jobs.batch": "0", "requests.storage": "0", "cpu": "0"],
            ],
        ]
        let report = QuotaCheck.check(job: Self.job(workers: 3), quotas: [quota])
        // requests.storage is not something a job asks for: no row.
        #expect(report.rows.map(\.resource) == [
            "pods", "limits.cpu", "limits.memory", "count/secrets", "services", "configmaps", "count/jobs.batch", "cpu",
        ])
        #expect(row(report, "pods")?.requested == q("4"))
        #expect(row(report, "limits.cpu")?.requested == q("3500m"))
        #expect(Set(report.exceededRows.map(\.resource)) == ["pods", "limits.cpu", "count/secrets"])
        #expect(row(report, "cpu")?.requested == q("3500m"))
    }

    @Test func podsWithoutRequestsUnderAComputeQuota() throws {
        // No --cpu/--memory: the quota admission will refuse the pods unless a LimitRange fills in.
        let report = QuotaCheck.check(job: ManifestBuilder.build(JobRequest(name: "pi", image: "i")), quotas: [try Self.goldenQuota()])
        #expect(!report.exceeded)
        let missing = Set(report.missingRequests.map { "\($0.role) \($0.key)" })
        #expect(missing == ["launcher requests.cpu", "launcher requests.memory", "worker requests.cpu", "worker requests.memory"])
        #expect(report.missingRequests.allSatisfy { $0.quota == "team-a-quota" && !$0.isLimit })
        #expect(report.missingRequests.map(\.resource).allSatisfy { $0 == "cpu" || $0 == "memory" })
        // A GPU count is not something the quota admission demands per container.
        #expect(!report.missingRequests.contains { $0.key.contains("nvidia.com/gpu") })
        // With --cpu and --memory on the workers only, the launcher alone is missing them.
        var workersOnly = JobRequest(name: "pi", image: "i")
        workersOnly.cpu = try Quantity(parsing: "1")
        workersOnly.memory = try Quantity(parsing: "1Gi")
        let half = QuotaCheck.check(job: ManifestBuilder.build(workersOnly), quotas: [try Self.goldenQuota()])
        #expect(Set(half.missingRequests.map(\.role)) == ["launcher"])
    }

    @Test func scopedQuotaCountsOnlyMatchingPods() throws {
        let bestEffort: JSON = [
            "metadata": ["name": "best-effort"],
            "spec": ["hard": ["pods": "1"], "scopes": ["BestEffort"]],
            "status": ["hard": ["pods": "1"], "used": ["pods": "0"]],
        ]
        var job = Self.job(workers: 3)
        // Only the launcher is BestEffort here.
        job.set(nil, at: ["spec", "mpiReplicaSpecs", "Launcher", "template", "spec", "containers"])
        job.set([["name": "launcher", "image": "i"]], at: ["spec", "mpiReplicaSpecs", "Launcher", "template", "spec", "containers"])
        let report = QuotaCheck.check(job: job, quotas: [bestEffort])
        #expect(row(report, "pods")?.requested == q("1"))
        #expect(!report.exceeded)

        let priority: JSON = [
            "metadata": ["name": "high"],
            "spec": ["scopeSelector": ["matchExpressions": [["scopeName": "PriorityClass", "operator": "In", "values": ["high"]]]]],
            "status": ["hard": ["pods": "0", "count/mpijobs.kubeflow.org": "0"], "used": ["pods": "0"]],
        ]
        let none = QuotaCheck.check(job: job, quotas: [priority])
        // No pod has priorityClassName high, and scoped quotas never count objects.
        #expect(none.rows.map(\.resource) == ["pods"] && none.rows.first?.requested == .zero && !none.exceeded)
        job.set("high", at: ["spec", "mpiReplicaSpecs", "Worker", "template", "spec", "priorityClassName"])
        #expect(QuotaCheck.check(job: job, quotas: [priority]).exceeded)
    }

    @Test func unknownScopeIsSkippedWithANote() {
        let quota: JSON = [
            "metadata": ["name": "x"], "spec": ["scopes": ["CrossNamespacePodAffinity"]],
            "status": ["hard": ["pods": "0"], "used": ["pods": "0"]],
        ]
        let report = QuotaCheck.check(job: Self.job(workers: 1), quotas: [quota])
        #expect(report.rows.isEmpty && !report.exceeded)
        #expect(report.notes == ["quota x: scope CrossNamespacePodAffinity is not evaluated; its limits are not checked"])
    }

    @Test func quotaWithoutStatusUsesSpec() {
        let quota: JSON = ["metadata": ["name": "new"], "spec": ["hard": ["requests.nvidia.com/gpu": "1"]]]
        let report = QuotaCheck.check(job: Self.job(workers: 2, gpus: 1), quotas: [quota])
        #expect(report.exceeded)
        #expect(report.notes == ["quota new has no usage yet (status.used); counting it as 0"])
    }

    @Test func unmeasurableJobIsANote() throws {
        let job = with(validJob(), ["spec": ["containers": [container(limits: ["memory": "16GB"])]]],
                       at: "spec", "mpiReplicaSpecs", "Worker", "template")
        let report = QuotaCheck.check(job: job, quotas: [try Self.goldenQuota()])
        #expect(report.rows.isEmpty && !report.exceeded)
        #expect(report.notes.count == 1 && report.notes[0].contains("invalid quantity \"16GB\""))
    }

    @Test func noQuotasNoRows() {
        let report = QuotaCheck.check(job: Self.job(workers: 2), quotas: [])
        #expect(report.rows.isEmpty && !report.exceeded && report.notes.isEmpty)
    }
}
