/// The declaration of a command: the parser, `-h` and shell completion all read this one
/// description, so they cannot disagree.
struct CommandSpec: Sendable {
    var name: String
    var aliases: [String] = []
    var summary: String
    /// Usage lines after the command path, e.g. `NAME... [flags]`.
    var usage: [String] = []
    var description: String = ""
    var options: [OptionSpec] = []
    var positionals: [PositionalSpec] = []
    var subcommands: [CommandSpec] = []
    var examples: [String] = []
    /// Whether words after `--` are allowed (the launcher command of `create`).
    var acceptsTrailingCommand = false
    var hidden = false

    func subcommand(named word: String) -> CommandSpec? {
        subcommands.first { $0.name == word || $0.aliases.contains(word) }
    }
}

struct PositionalSpec: Sendable {
    var name: String
    var help: String
    var repeating = false
    var optional = false
    var completion: CompletionKind = .none
}

/// What a shell may offer when completing a value.
enum CompletionKind: Sendable, Equatable {
    case none
    case file
    case choices([String])
    /// Names of MPIJobs in the current namespace, asked from the server at completion time.
    case mpijobName
    /// `kind/name` of every training job in the current namespace, of every served kind.
    case jobName
    case namespace
    case context
}

struct OptionSpec: Sendable {
    enum Kind: Sendable, Equatable {
        /// `--watch`, `--watch=true|false`.
        case flag
        /// `--output json`, `--output=json`, `-ojson`; the last one given wins.
        case value
        /// `--env A=1 --env B=2`: every occurrence kept, in order.
        case repeated
        /// `--dry-run` alone means `defaultValue`; a value needs `=` (pflag's NoOptDefVal).
        case optionalValue(defaultValue: String)
    }

    var long: String
    var short: Character?
    var kind: Kind
    var valueName: String = "VALUE"
    var help: String
    var completion: CompletionKind = .none
    /// Global flags are accepted at every level and listed apart in help.
    var global = false
    /// What the command does when the flag is absent, as help and the man pages show it
    /// (`(default: 1)`): a literal value, or a short phrase when it depends on other input.
    var defaultValue: String? = nil

    var takesValue: Bool {
        switch kind {
        case .flag: return false
        case .value, .repeated: return true
        case .optionalValue: return false
        }
    }
}
