import Testing

@testable import ODHCLI

@Suite struct HelpRendererTests {
    @Test func helpListsFlagsFromTheDeclaration() {
        let text = HelpRenderer(invocation: "kubectl odh").render(
            ListCommand.spec, path: ["mpijob", "list"], globals: GlobalOptions.specs)
        #expect(text.contains("Usage:\n  kubectl odh mpijob list"))
        for option in ListCommand.spec.options {
            #expect(text.contains("--\(option.long)"), "help lacks --\(option.long)")
        }
        #expect(text.contains("Global flags:"))
        #expect(text.contains("-n, --namespace NS"))
    }

    @Test func rootHelpListsCommandsButNotHiddenOnes() {
        let text = HelpRenderer(invocation: "kubectl odh").render(
            CommandTree.pluginRoot, path: [], globals: GlobalOptions.specs)
        #expect(text.contains("mpijob"))
        #expect(text.contains("version"))
        #expect(!text.contains("__complete"))
    }
}

@Suite struct CompleterTests {
    let completer = Completer(root: CommandTree.pluginRoot, dynamic: ClusterCompletions(environment: [:]))

    @Test func subcommandsWithTheirSummary() {
        let result = completer.complete(["mpijob", "li"])
        #expect(result.candidates == ["list\tList MPIJobs with their status"])
        #expect(result.directive == .noFiles)
        #expect(!completer.complete([""]).candidates.contains { $0.hasPrefix("__") })
    }

    @Test func flagsOfTheCommandAndGlobalsWithTheirHelp() {
        let result = completer.complete(["mpijob", "list", "--so"])
        #expect(result.candidates == ["--sort-by\tsort by name, age or status"])
        let globals = completer.complete(["mpijob", "list", "--kube"])
        #expect(globals.candidates == ["--kubeconfig\tpath to the kubeconfig file"])
    }

    @Test func jobsVerbsAndKinds() {
        // Verbs come with their summary after a tab, as cobra's protocol allows.
        #expect(completer.complete(["jobs", "l"]).candidates.map { $0.split(separator: "\t")[0] } == ["list", "logs"])
        #expect(completer.complete(["jobs", "list", "--kind", "py"]).candidates == ["pytorchjob"])
        #expect(completer.complete(["us"]).candidates.map { $0.split(separator: "\t")[0] } == ["usage"])
    }

    @Test func flagValues() {
        #expect(completer.complete(["mpijob", "list", "-o", "ya"]).candidates == ["yaml"])
        // cobra's protocol: after `--flag=` only the value; the shell script restores the prefix.
        #expect(completer.complete(["mpijob", "list", "--output=w"]).candidates == ["wide"])
        #expect(completer.complete(["mpijob", "create", "x", "--clean-pod-policy", "A"]).candidates == ["All"])
        #expect(completer.complete(["mpijob", "create", "x", "--mpi-implementation="]).candidates
            == ["OpenMPI", "Intel", "MPICH"])
        #expect(completer.complete(["mpijob", "list", "--kubeconfig", ""]).directive == .files)
    }
}
