import KubeClient

/// `__gen-docs DIR` (hidden): writes the man pages (`DIR/man/*.1`) and the CLI reference
/// (`DIR/reference/cli-reference.md`) from the command declarations. `make docs` runs it on
/// `docs/`; a test runs it on a temporary directory and compares.
struct GenDocsCommand: CLICommand {
    static let spec = CommandSpec(
        name: "__gen-docs", summary: "Write the man pages and the CLI reference from the command declarations",
        usage: ["DIR"],
        positionals: [PositionalSpec(name: "DIR", help: "where man/ and reference/ are written", completion: .file)],
        hidden: true)

    var directory: String

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.count == 1, let directory = parsed.positionals.first, !directory.isEmpty else {
            throw UsageError("__gen-docs needs one directory", hint: "make docs runs: kubectl-odh __gen-docs docs")
        }
        self.directory = directory
    }

    func run(_ session: Session) throws -> ExitCode {
        let commands = CommandCatalog.commands(of: CommandTree.pluginRoot)
        var files: [(String, String)] = commands.map { command in
            ("man/\(command.pageName).1", ManPage(command: command, related: commands).render())
        }
        files.append(("reference/cli-reference.md", MarkdownReference(commands: commands).render()))
        try FileIO.makeDirectories(directory + "/man")
        try FileIO.makeDirectories(directory + "/reference")
        for (path, text) in files {
            try FileIO.write(Array(text.utf8), to: directory + "/" + path)
            try session.stdout.line(directory + "/" + path)
        }
        return .success
    }
}
