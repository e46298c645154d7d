import KubeClient
import MPIJobs
import Testing

@testable import ODHCLI

/// `create -i`'s steps fed typed answers: the same rules and messages as flags.
@Suite struct JobWizardTests {
    let parser = ArgumentParser(root: CommandTree.pluginRoot)

    func wizard(_ name: String = "", namespace: String = "team-a") -> JobWizard {
        var request = JobRequest(name: name, image: "")
        request.namespace = namespace
        var wizard = JobWizard(request: request)
        wizard.queues = .notServed
        return wizard
    }

    /// What `create NAME --image … FLAGS` reports for a flag value.
    func flagIssues(_ arguments: [String]) throws -> [String] {
        let parsed = try parser.parse(["mpijob", "create", "x", "--image", "img"] + arguments)
        return CreateFlags.request(name: "x", parsed: parsed, namespace: nil, command: []).1.map(\.description)
    }

    @Test func typedAnswersBuildTheSameJobAsTheFlagsItPrints() throws {
        var wizard = wizard()
        let answers: [(JobWizard.Field, String)] = [
            (.name, "ddp"), (.image, "my/pytorch:2"), (.command, "mpirun -n 4 python 'train it.py' --lr=0.1"),
            (.workers, "2"), (.slotsPerWorker, ""), (.gpusPerWorker, "2"), (.cpu, "4"), (.memory, "16Gi"),
            (.mpiImplementation, "mpich"),
        ]
        for (field, answer) in answers {
            #expect(wizard.answer(field, answer).isEmpty, "\(field) \(answer)")
        }
        let request = wizard.request
        #expect(request.command == ["mpirun", "-n", "4", "python", "train it.py", "--lr=0.1"])
        #expect(request.effectiveSlotsPerWorker == 2)
        #expect(request.mpiImplementation == .mpich)

        // The printed command line, read back by the flag parser, makes the same manifest.
        let line = CreateFlags.commandLine(for: request)
        let words = try ShellWords.split(line)
        #expect(Array(words.prefix(4)) == ["kubectl", "odh", "mpijob", "create"])
        let parsed = try parser.parse(Array(words.dropFirst(2)))
        let (fromFlags, issues) = CreateFlags.request(name: parsed.positionals[0], parsed: parsed,
                                                       namespace: parsed.string("namespace"), command: parsed.trailing ?? [])
        #expect(issues.isEmpty)
        let built = try #require(fromFlags)
        #expect(ManifestBuilder.build(built) == ManifestBuilder.build(request))
    }

    @Test func aBadQuantityIsRefusedAtItsStepWithTheFlagsMessage() throws {
        var wizard = wizard("pi")
        let before = wizard.request.memory
        let issues = wizard.answer(.memory, "lots")
        #expect(issues.map(\.description) == (try flagIssues(["--memory", "lots"])))
        #expect(issues.first?.field == "--memory")
        #expect(wizard.request.memory == before)
        #expect(wizard.answer(.cpu, "0").map(\.description) == (try flagIssues(["--cpu", "0"])))
        #expect(wizard.answer(.workers, "two").map(\.description) == (try flagIssues(["--workers", "two"])))
        #expect(wizard.answer(.workers, "0").map(\.description) == (try flagIssues(["--workers", "0"])))
        #expect(wizard.answer(.mpiImplementation, "lam").map(\.description)
                == (try flagIssues(["--mpi-implementation", "lam"])))
        #expect(wizard.answer(.memory, "512Mi").isEmpty)
        #expect(wizard.request.memory?.description == "512Mi")
    }

    @Test func requiredStepsNeedAnAnswerAndEnterKeepsDefaults() {
        var wizard = wizard()
        #expect(wizard.currentText(.name) == nil)
        #expect(wizard.answer(.name, "").map(\.description) == ["NAME: a job name is required"])
        #expect(wizard.answer(.name, "Bad_Name").first?.field == "NAME")
        #expect(wizard.answer(.name, "pi").isEmpty)
        #expect(wizard.answer(.name, "  ").isEmpty)
        #expect(wizard.request.name == "pi")
        #expect(wizard.answer(.image, "").map(\.description) == ["--image: an image is required"])
        #expect(wizard.currentText(.workers) == "1")
        #expect(wizard.answer(.workers, "").isEmpty)
        #expect(wizard.request.workers == 1)
    }

    @Test func aStepIsBlamedForTheRuleItBreaks() {
        // 54 characters: `<name>-worker-0` is 63 long and fits, `<name>-worker-99` is 64.
        var wizard = wizard(String(repeating: "a", count: 54))
        #expect(wizard.answer(.image, "img").isEmpty)
        let issues = wizard.answer(.workers, "100")
        #expect(issues.count == 1)
        #expect(issues.first?.field == "NAME")
        #expect(wizard.request.workers == 1)
    }

    @Test func dashClearsOptionalValues() {
        var request = JobRequest(name: "pi", image: "img")
        request.cpu = try? Quantity(parsing: "2")
        request.command = ["mpirun"]
        var wizard = JobWizard(request: request)
        #expect(wizard.answer(.cpu, "-").isEmpty)
        #expect(wizard.request.cpu == nil)
        #expect(wizard.answer(.command, "-").isEmpty)
        #expect(wizard.request.command.isEmpty)
        #expect(wizard.currentText(.command) == "the image's entrypoint")
        // Not on a required step: "-" is a name, and not a valid one.
        #expect(wizard.answer(.name, "-").first?.field == "NAME")
    }

    @Test func anUnclosedQuoteInTheCommandIsRefused() {
        var wizard = wizard("pi")
        #expect(wizard.answer(.command, "mpirun 'oops").map(\.description) == ["COMMAND: a ' quote is not closed"])
    }

    @Test func theQueueStepOffersTheNamespacesLocalQueues() throws {
        var wizard = wizard("pi")
        #expect(!wizard.asks(.queue))
        wizard.queues = .queues([])
        #expect(!wizard.asks(.queue))
        let queues = try [("gpu-queue", "gpu-cq"), ("cpu-queue", "cpu-cq")].map { name, cluster in
            LocalQueue(try JSONParser.parse(#"{"metadata":{"name":"\#(name)"},"spec":{"clusterQueue":"\#(cluster)"}}"#))
        }
        wizard.queues = .queues(queues)
        #expect(wizard.asks(.queue))
        #expect(wizard.answer(.queue, "2").isEmpty)
        #expect(wizard.request.queue == "cpu-queue")
        #expect(wizard.answer(.queue, "gpu-queue").isEmpty)
        #expect(wizard.request.queue == "gpu-queue")
        #expect(wizard.answer(.queue, "3").map(\.description) == ["--queue: choose 1 to 2, got 3"])
        #expect(wizard.answer(.queue, "other").first?.message.hasPrefix("no LocalQueue \"other\" in namespace \"team-a\"") == true)
        #expect(wizard.answer(.queue, "-").isEmpty)
        #expect(wizard.request.queue == nil)
        // Listing failed: any valid queue name is taken, with --queue's rules.
        wizard.queues = .unavailable("forbidden")
        #expect(wizard.asks(.queue))
        #expect(wizard.answer(.queue, "team-q").isEmpty)
        #expect(wizard.answer(.queue, "bad queue!").first?.field == "--queue")
    }
}

@Suite struct ShellWordsTests {
    @Test func splitsLikeAShell() throws {
        #expect(try ShellWords.split("a  b\tc") == ["a", "b", "c"])
        #expect(try ShellWords.split(#"python -c "print('hi there')" x\ y"#) == ["python", "-c", "print('hi there')", "x y"])
        #expect(try ShellWords.split(#"a "" ''"#) == ["a", "", ""])
        #expect(try ShellWords.split(#""a\"b\n""#) == [#"a"b\n"#])
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split("a \"b") }
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split("a \\") }
    }

    @Test func quotingRoundTrips() throws {
        let words = ["mpirun", "-n", "4", "it's", "a b", "", "$HOME", "--x=1,2", "日本"]
        #expect(try ShellWords.split(ShellWords.join(words)) == words)
        #expect(ShellWords.quote("--lr=0.1") == "--lr=0.1")
        #expect(ShellWords.quote("a b") == "'a b'")
    }
}

@Suite struct PreflightViewTests {
    @Test func quotaNumbersAndTheVerdict() throws {
        let quota = try JSONParser.parse(#"""
            {"metadata":{"name":"team-a-quota"},"spec":{"hard":{"requests.nvidia.com/gpu":"4"}},
             "status":{"hard":{"requests.nvidia.com/gpu":"4"},"used":{"requests.nvidia.com/gpu":"2"}}}
            """#)
        var request = JobRequest(name: "big", image: "img")
        request.workers = 4
        request.gpusPerWorker = 2
        let report = QuotaCheck.check(job: ManifestBuilder.build(request), quotas: [quota])
        let text = PreflightView(color: false).render(
            PreflightFindings(namespace: "team-a", access: .allowed, quota: report, quotaCount: 1))
        #expect(text.contains("permission: you may create mpijobs.kubeflow.org here"))
        #expect(text.contains("team-a-quota   requests.nvidia.com/gpu   8           2      4      2      NO"))
        #expect(text.contains("→ does not fit: requests.nvidia.com/gpu (8 requested, 2 left)"))
        request.gpusPerWorker = 0
        let fits = PreflightView(color: false).render(PreflightFindings(
            namespace: "team-a", access: .allowed,
            quota: QuotaCheck.check(job: ManifestBuilder.build(request), quotas: [quota]), quotaCount: 1))
        #expect(fits.contains("→ ready to submit"))
        let denied = PreflightView(color: false).render(PreflightFindings(namespace: "x", access: .denied(reason: nil)))
        #expect(denied.contains("DENIED") && denied.contains("submitting will be refused"))
    }
}
