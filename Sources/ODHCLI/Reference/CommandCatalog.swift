/// One command as the references describe it: the words that reach it, its own flags and
/// the global ones, and its visible subcommands.
struct DocumentedCommand: Sendable {
    var path: [String]
    var spec: CommandSpec
    var globals: [OptionSpec]

    /// `kubectl odh mpijob create`.
    var invocation: String { (["kubectl odh"] + path).joined(separator: " ") }
    /// `kubectl-odh-mpijob-create`: the man page, as git and kubectl name plugin commands.
    var pageName: String { (["kubectl-odh"] + path).joined(separator: "-") }
    var parentPageName: String? {
        path.isEmpty ? nil : (["kubectl-odh"] + path.dropLast()).joined(separator: "-")
    }
    var ownOptions: [OptionSpec] { spec.options.filter { !$0.global } }
    var subcommands: [CommandSpec] { spec.subcommands.filter { !$0.hidden } }

    /// The usage lines after the invocation, as `-h` prints them.
    var usageLines: [String] {
        if !spec.usage.isEmpty { return spec.usage }
        return [subcommands.isEmpty ? "[flags]" : "COMMAND [flags]"]
    }
}

/// Every visible command of a tree, parents before children, in declaration order: what the
/// man pages and the CLI reference are generated from (`__gen-docs`).
enum CommandCatalog {
    static func commands(of root: CommandSpec) -> [DocumentedCommand] {
        let globals = root.options.filter(\.global)
        var result: [DocumentedCommand] = []
        func visit(_ spec: CommandSpec, path: [String]) {
            result.append(DocumentedCommand(path: path, spec: spec, globals: globals))
            for sub in spec.subcommands where !sub.hidden { visit(sub, path: path + [sub.name]) }
        }
        visit(root, path: [])
        return result
    }
}
