/// The whole command surface in one declaration: parsing, help and completion read it.
enum CommandTree {
    static var mpijobCommands: [any CLICommand.Type] {
        [
            CreateCommand.self, ListCommand.self, GetCommand.self, DescribeCommand.self, LogsCommand.self,
            WaitCommand.self, DeleteCommand.self, SuspendCommand.self, ResumeCommand.self,
            RerunCommand.self, TopCommand.self,
        ]
    }

    /// `jobs`: every training-job kind through one protocol (TrainingJobs).
    static var jobsCommands: [any CLICommand.Type] {
        [JobsListCommand.self, JobsGetCommand.self, JobsDescribeCommand.self, JobsLogsCommand.self,
         JobsDeleteCommand.self]
    }

    static var pluginCommands: [any CLICommand.Type] {
        [UsageCommand.self, VersionCommand.self, CompletionCommand.self, GenDocsCommand.self]
    }

    static var jobsSpec: CommandSpec {
        CommandSpec(
            name: "jobs", aliases: ["job"],
            summary: "List and inspect training jobs of every kind (MPIJob, PyTorchJob, TFJob, ..., TrainJob)",
            subcommands: jobsCommands.map { $0.spec })
    }

    static var mpijobSpec: CommandSpec {
        CommandSpec(
            name: "mpijob", aliases: ["mpijobs"], summary: "Run and inspect Kubeflow MPIJobs (kubeflow.org/v2beta1)",
            subcommands: mpijobCommands.map { $0.spec })
    }

    /// As `kubectl-odh`: `mpijob`, `version`, `completion`.
    static var pluginRoot: CommandSpec {
        CommandSpec(
            name: "kubectl-odh",
            summary: "kubectl-odh runs Kubeflow MPIJobs on OpenShift AI, Open Data Hub and any Kubernetes cluster",
            options: GlobalOptions.specs,
            subcommands: [mpijobSpec, jobsSpec] + pluginCommands.map { $0.spec } + [Completer.spec])
    }

    /// As `kubectl-odh-mpijob` (so `kubectl odh mpijob` reaches us even where another
    /// `kubectl-odh` comes first on PATH): the verbs directly.
    static var mpijobRoot: CommandSpec {
        var spec = mpijobSpec
        spec.name = "kubectl-odh-mpijob"
        spec.options = GlobalOptions.specs
        spec.subcommands += [Completer.spec]
        return spec
    }

    /// The command for a parsed path such as `["mpijob", "list"]` or `["version"]`.
    static func command(for path: [String]) -> (any CLICommand.Type)? {
        switch path.count {
        case 1: return pluginCommands.first { $0.spec.name == path[0] }
        case 2 where path[0] == "mpijob": return mpijobCommands.first { $0.spec.name == path[1] }
        case 2 where path[0] == "jobs": return jobsCommands.first { $0.spec.name == path[1] }
        default: return nil
        }
    }
}
