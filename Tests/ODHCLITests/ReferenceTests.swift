import Testing

@testable import ODHCLI

@Suite struct BuildInfoTests {
    @Test func readsStampedFields() {
        let info = BuildInfo.parse("version=v1.2.0-3-gabc1234\ncommit=abc1234def\n")
        #expect(info == BuildInfo(version: "v1.2.0-3-gabc1234", commit: "abc1234def"))
    }

    @Test func missingOrEmptyFieldsKeepTheDefaults() {
        #expect(BuildInfo.parse("") == .unstamped)
        #expect(BuildInfo.parse("version=\ncommit=c1\nnoise\n") == BuildInfo(version: "dev", commit: "c1"))
    }

    @Test func aTestBuildIsUnstamped() {
        #expect(BuildInfo.current == .unstamped)
    }
}

@Suite struct ReferenceTests {
    let commands = CommandCatalog.commands(of: CommandTree.pluginRoot)

    @Test func catalogHasEveryVisibleCommandOnce() {
        let names = commands.map(\.pageName)
        #expect(Set(names).count == names.count)
        #expect(names.first == "kubectl-odh")
        #expect(names.contains("kubectl-odh-mpijob-create"))
        #expect(!names.contains { $0.contains("__") })
        for spec in CommandTree.mpijobCommands.map({ $0.spec }) {
            #expect(names.contains("kubectl-odh-mpijob-\(spec.name)"))
        }
    }

    @Test func roffEscapesMinusBackslashAndRequestLines() {
        #expect(Roff.escape("--workers a\\b") == "\\-\\-workers a\\eb")
        #expect(Roff.escape(".hidden\n'quote\nx.y") == "\\&.hidden\n\\&'quote\nx.y")
        #expect(Roff.paragraphs("one\ntwo\n\nthree") == "one\ntwo\n.PP\nthree\n")
    }

    @Test func manPageHasEverySectionFlagAndDefault() throws {
        let create = try #require(commands.first { $0.path == ["mpijob", "create"] })
        let page = ManPage(command: create, related: commands).render()
        for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "ARGUMENTS", "OPTIONS", "GLOBAL OPTIONS", "EXAMPLES",
                        "EXIT STATUS", "SEE ALSO"] {
            #expect(page.contains(".SH \(heading)\n"), "no \(heading)")
        }
        for option in create.spec.options {
            #expect(page.contains("\\fB\\-\\-\(Roff.escape(option.long))\\fR"), "no --\(option.long)")
            if let value = option.defaultValue { #expect(page.contains("Default: \(Roff.escape(value)).")) }
        }
        for code in ExitCode.allCases { #expect(page.contains(".B \(code.rawValue)\n\(Roff.escape(code.meaning))")) }
        #expect(page.hasPrefix(".TH \"KUBECTL-ODH-MPIJOB-CREATE\" \"1\""))
    }

    @Test func markdownEscapesTablePipesAndListsEveryCommand() {
        let text = MarkdownReference(commands: commands).render()
        #expect(text.contains("| `-o, --output FORMAT` | table | output format: table\\|wide\\|json\\|yaml\\|name |"))
        for command in commands { #expect(text.contains("\n## \(command.invocation)\n")) }
        #expect(text.contains("## Exit codes\n\n| code | meaning |\n|---|---|\n| 0 |"))
    }

    /// A default lives in `defaultValue`, so -h, man and the reference show it the same way.
    @Test func noHelpTextSpellsOutItsOwnDefault() {
        var options = GlobalOptions.specs
        for command in commands { options += command.ownOptions }
        for option in options {
            let help = option.help.lowercased()
            #expect(!help.contains("(default") && !help.contains("default:"), "--\(option.long): \(option.help)")
        }
    }

    @Test func helpAppendsDefaultAndBareValue() {
        let dryRun = OptionSpec(long: "dry-run", kind: .optionalValue(defaultValue: "client"), valueName: "MODE",
                                help: "mode", defaultValue: "none")
        #expect(dryRun.signature == "--dry-run[=MODE]")
        #expect(dryRun.fullHelp == "mode (default: none; --dry-run alone: client)")
        let env = OptionSpec(long: "env", kind: .repeated, valueName: "K=V", help: "variable")
        #expect(env.fullHelp == "variable (repeatable)")
    }
}
