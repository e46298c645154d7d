extension CLI {
    /// What `run` decides about a command line before running anything: the words (argv
    /// without the program name) parsed against the command tree, then, when they name a
    /// command, the global options and the command's own options validated (its `init`;
    /// nothing touches the network, a file or the terminal). A help request renders the
    /// help text as `run` would, without printing it. Returns the usage error's message,
    /// or nil when the line is accepted. For the fuzz target Tests/Fuzz/FuzzArguments.swift.
    public static func fuzzParse(_ words: [String], asMPIJob: Bool = false) -> String? {
        let root = asMPIJob ? CommandTree.mpijobRoot : CommandTree.pluginRoot
        do throws(UsageError) {
            let parsed = try ArgumentParser(root: root).parse(words)
            let path = (asMPIJob ? ["mpijob"] : []) + parsed.commandPath
            guard let command = CommandTree.command(for: path), !parsed.helpRequested else {
                _ = HelpRenderer(invocation: "kubectl odh").render(
                    parsed.spec, path: parsed.commandPath, globals: GlobalOptions.specs)
                return parsed.positionals.isEmpty ? nil : "unexpected argument \"\(parsed.positionals[0])\""
            }
            let globals = try GlobalOptions(parsed)
            _ = try command.init(parsed: parsed, globals: globals)
            return nil
        } catch {
            return error.message
        }
    }
}
