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

    @Test func subcommands() {
        let result = completer.complete(["mpijob", "li"])
        #expect(result.candidates == ["list"])
        #expect(result.directive == .noFiles)
    }

    @Test func flagsOfTheCommandAndGlobals() {
        let result = completer.complete(["mpijob", "list", "--so"])
        #expect(result.candidates == ["--sort-by"])
        let globals = completer.complete(["mpijob", "list", "--kube"])
        #expect(globals.candidates == ["--kubeconfig"])
    }

    @Test func jobsVerbsAndKinds() {
        #expect(completer.complete(["jobs", "l"]).candidates == ["list", "logs"])
        #expect(completer.complete(["jobs", "list", "--kind", "py"]).candidates == ["pytorchjob"])
        #expect(completer.complete(["us"]).candidates == ["usage"])
    }

    @Test func flagValues() {
        #expect(completer.complete(["mpijob", "list", "-o", "ya"]).candidates == ["yaml"])
        #expect(completer.complete(["mpijob", "list", "--output=w"]).candidates == ["--output=wide"])
        #expect(completer.complete(["mpijob", "list", "--kubeconfig", ""]).directive == .files)
    }
}
