import Testing

import MPIJobs
@testable import ODHCLI

@Suite struct ArgumentParserTests {
    let parser = ArgumentParser(root: CommandTree.pluginRoot)

    @Test func globalFlagsAnywhereOnTheLine() throws {
        let before = try parser.parse(["-n", "team-a", "mpijob", "list"])
        let after = try parser.parse(["mpijob", "list", "-n", "team-a"])
        let between = try parser.parse(["mpijob", "--namespace=team-a", "list"])
        for parsed in [before, after, between] {
            #expect(parsed.commandPath == ["mpijob", "list"])
            #expect(parsed.string("namespace") == "team-a")
        }
    }

    @Test func kubectlSpellings() throws {
        let parsed = try parser.parse(["mpijob", "get", "pi", "-nfoo", "-ojson", "--context", "ctx"])
        #expect(parsed.string("namespace") == "foo")
        #expect(parsed.string("output") == "json")
        #expect(parsed.string("context") == "ctx")
        #expect(parsed.positionals == ["pi"])
        let equals = try parser.parse(["mpijob", "get", "pi", "-o=yaml"])
        #expect(equals.string("output") == "yaml")
    }

    @Test func lastValueWinsAndBooleans() throws {
        let parsed = try parser.parse(["mpijob", "list", "-o", "json", "-o", "yaml", "-A", "--no-headers=false"])
        #expect(parsed.string("output") == "yaml")
        #expect(try parsed.flag("all-namespaces"))
        #expect(try parsed.flag("no-headers") == false)
    }

    @Test func doubleDashEndsFlags() throws {
        let root = CommandSpec(name: "x", summary: "", options: GlobalOptions.specs, subcommands: [
            CommandSpec(name: "run", summary: "", acceptsTrailingCommand: true),
        ])
        let parsed = try ArgumentParser(root: root).parse(["run", "-n", "a", "--", "mpirun", "-np", "4"])
        #expect(parsed.trailing == ["mpirun", "-np", "4"])
        #expect(parsed.string("namespace") == "a")
    }

    @Test func trailingCommandRefusedWhereNotAccepted() {
        #expect(throws: UsageError.self) { try parser.parse(["mpijob", "list", "--", "x"]) }
    }

    @Test func unknownFlagSuggestsTheClosest() {
        do {
            _ = try parser.parse(["mpijob", "list", "--selectr", "a=b"])
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "unknown flag: --selectr")
            #expect(error.hint == "did you mean --selector?")
        }
    }

    @Test func unknownCommandSuggestsTheClosest() {
        do {
            _ = try parser.parse(["mpijob", "lsit"])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unknown command \"lsit\""))
            #expect(error.hint == "did you mean list?")
        }
    }

    @Test func missingValueIsAnError() {
        do {
            _ = try parser.parse(["mpijob", "list", "-n"])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("flag needs an argument"))
        }
    }

    @Test func helpAnywhere() throws {
        #expect(try parser.parse(["mpijob", "list", "-h"]).helpRequested)
        #expect(try parser.parse(["--help"]).helpRequested)
        #expect(try parser.parse(["mpijob", "-h", "get"]).helpRequested)
    }

    @Test func commandSpecificFlagsAreNotGlobal() {
        // --sort-by belongs to list; get must refuse it.
        #expect(throws: UsageError.self) { try parser.parse(["mpijob", "get", "x", "--sort-by", "name"]) }
    }

    @Test func mpijobRootTakesVerbsDirectly() throws {
        let parsed = try ArgumentParser(root: CommandTree.mpijobRoot).parse(["list", "-A"])
        #expect(parsed.commandPath == ["list"])
        #expect(try parsed.flag("all-namespaces"))
    }

    @Test func negativeNumberIsAPositional() throws {
        let parsed = try parser.parse(["mpijob", "get", "-1"])
        #expect(parsed.positionals == ["-1"])
    }

    @Test func typedGetters() throws {
        let parsed = try parser.parse(["mpijob", "list", "-v", "x"])
        #expect(throws: UsageError.self) { try parsed.int("verbose") }
        let bad = try parser.parse(["mpijob", "list", "--no-headers=maybe"])
        #expect(throws: UsageError.self) { try bad.flag("no-headers") }
    }
}

@Suite struct SuggestionTests {
    @Test func distances() {
        #expect(Suggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggestion.editDistance(Array(""), Array("abc")) == 3)
        #expect(Suggestion.closest(to: "--work", in: ["--workers", "--wait"]) == "--workers")
        #expect(Suggestion.closest(to: "zzzzzz", in: ["list", "get"]) == nil)
        // A swap of neighbours is one edit; a short word two edits away is another word, not a typo.
        #expect(Suggestion.editDistance(Array("lsit"), Array("list")) == 1)
        #expect(Suggestion.closest(to: "lsit", in: ["list", "logs"]) == "list")
        #expect(Suggestion.closest(to: "bogus", in: ["list", "logs", "get", "wait"]) == nil)
        #expect(Suggestion.closest(to: "descirbe", in: ["describe", "delete"]) == "describe")
        #expect(Suggestion.closest(to: "--wrokers", in: ["--workers", "--wait"]) == "--workers")
        #expect(Suggestion.closest(to: "crate", in: ["create", "delete"]) == "create")
    }
}
