import KubeClient
import MPIJobs
import TerminalUI

/// `create -i` on a terminal: asks the `JobWizard` steps one at a time, shows the manifest
/// and the pre-flight, then submits through create's own pipeline, saves the manifest, or
/// goes back to a step. The terminal stays in its ordinary mode (the kernel echoes and
/// edits the line), so there is nothing to restore; Ctrl-C or Ctrl-D at any prompt ends
/// it with nothing created (exit 130).
struct JobWizardDialog {
    let session: Session
    let api: KubeAPI
    let namespace: String
    /// create's pre-flight and POST for the built job; `.success` only when it was created.
    let submit: (JSON) throws -> ExitCode
    /// What follows a created job (create's `--wait`); returns the final exit code.
    let created: (String) throws -> ExitCode

    /// Ctrl-C or the end of input at a prompt.
    struct Cancelled: Error {}

    private enum Decision {
        case done(ExitCode)
        case back(JobWizard.Field)
    }

    var style: WizardStyle { WizardStyle(color: session.colorStdout) }

    func run(_ start: JobWizard) throws -> ExitCode {
        var wizard = start
        do {
            try say("Create an MPIJob in namespace \"\(namespace)\", one question at a time.")
            try say(style.dim("Enter keeps the value in [brackets]; '-' clears an optional one; Ctrl-C cancels (nothing is created)."))
            wizard.queues = try LocalQueueClient(api: api).list(namespace: namespace)
            var first = JobWizard.Field.name
            while true {
                try ask(&wizard, from: first)
                let object = ManifestBuilder.build(wizard.request)
                try showReview(object, request: wizard.request)
                switch try decide(object, wizard: wizard) {
                case .done(let code): return code
                case .back(let field): first = field
                }
            }
        } catch is Cancelled {
            return cancelled()
        } catch where WatchEnding.isInterrupt(error) {
            return cancelled()
        }
    }

    private func cancelled() -> ExitCode {
        do { try session.stdout.write("\n") } catch {}
        session.printError(ErrorReport(code: .interrupted, message: "interrupted: nothing was created"))
        return .interrupted
    }

    // MARK: Steps

    private func ask(_ wizard: inout JobWizard, from first: JobWizard.Field) throws {
        let asked = JobWizard.Field.allCases.filter { wizard.asks($0) }
        for field in asked where field.rawValue >= first.rawValue {
            let step = JobWizard.step(field)
            let number = (asked.firstIndex(of: field) ?? 0) + 1
            try say("")
            try say(style.bold("[\(number)/\(asked.count)] \(step.title)") + " (\(step.flag)): \(step.help)")
            if field == .queue { try showQueues(wizard.queues) }
            while true {
                let shown = wizard.currentText(field).map { " [\($0)]" } ?? ""
                let answer = try prompt("  \(step.title)\(shown): ")
                let issues = wizard.answer(field, answer)
                if issues.isEmpty { break }
                for issue in issues {
                    session.printError(ErrorReport(code: .usage, message: issue.description))
                }
            }
        }
    }

    private func showQueues(_ listing: LocalQueueListing?) throws {
        switch listing {
        case .some(.queues(let queues)):
            try say("  Kueue LocalQueues in namespace \"\(namespace)\" (a number or a name):")
            for (index, queue) in queues.enumerated() {
                var detail = "cluster queue \(queue.clusterQueue.isEmpty ? "<none>" : queue.clusterQueue), "
                    + "\(queue.pendingWorkloads ?? 0) pending, \(queue.admittedWorkloads ?? 0) admitted"
                if !queue.isActive { detail += ", inactive: takes no new jobs" }
                try say("    \(index + 1)) \(queue.name)  " + style.dim(detail))
            }
        case .some(.unavailable(let reason)):
            try say(style.dim("  The namespace's LocalQueues could not be listed (\(reason)); type a queue's name, or '-' for none."))
        case .some(.notServed), .none:
            break
        }
    }

    // MARK: Review

    private func showReview(_ object: JSON, request: JobRequest) throws {
        try say("")
        try say(style.bold("The MPIJob:"))
        try session.stdout.write(bytes: ObjectPrinter(format: .yaml, resourceName: MPIJob.objectName)
            .render([object], asList: false))
        try say("")
        try session.stdout.write(PreflightView(color: session.colorStdout).render(try preflight(object)))
        try say("")
        try say(style.bold("The same job from flags:"))
        try say("  " + CreateFlags.commandLine(for: request))
        try session.stdout.flush()
    }

    /// The pre-flight `create` runs before sending; problems asking it are shown, not fatal
    /// (submitting runs it again and reports them).
    private func preflight(_ object: JSON) throws -> PreflightFindings {
        var findings = PreflightFindings(namespace: namespace)
        let preflight = Preflight(api: api)
        do {
            findings.access = try preflight.canCreate(namespace: namespace)
            if let quotas = try preflight.quotas(namespace: namespace) {
                findings.quotaCount = quotas.count
                findings.quota = QuotaCheck.check(job: object, quotas: quotas)
            }
        } catch {
            if WatchEnding.isInterrupt(error) { throw error }
            findings.problems.append("the pre-flight could not be completed: "
                                     + ErrorMapping.report(error, context: ErrorContext(namespace: namespace)).message)
        }
        return findings
    }

    // MARK: Submit, save or go back

    private func decide(_ object: JSON, wizard: JobWizard) throws -> Decision {
        while true {
            let answer = try prompt(style.bold("Submit, save to a file, or go back?") + " [s]ubmit / [f]ile / [b]ack: ")
            switch answer.trimmingCharacters(in: [" ", "\t"]).lowercased() {
            case "s", "submit":
                let code = try submit(object)
                if code == .success { return .done(try created(wizard.request.name)) }
                if code == .interrupted { return .done(code) }
                try say("Nothing was created. Go back to change the job, or save it to a file.")
            case "f", "file", "save":
                if let code = try save(object, name: wizard.request.name) { return .done(code) }
            case "b", "back":
                return .back(try chooseStep(wizard))
            default:
                session.printError(ErrorReport(code: .usage, message: "answer s, f or b"))
            }
        }
    }

    /// nil: not saved (the user kept an existing file, or writing failed); back to the menu.
    private func save(_ object: JSON, name: String) throws -> ExitCode? {
        let suggested = "\(name).yaml"
        var path = try prompt("  Save to [\(suggested)]: ").trimmingCharacters(in: [" ", "\t"])
        if path.isEmpty { path = suggested }
        var replace = false
        if FileIO.exists(path) {
            let answer = try prompt("  \(path) exists. Replace it? [y/N] ").trimmingCharacters(in: [" "]).lowercased()
            guard answer == "y" || answer == "yes" else { return nil }
            replace = true
        }
        let yaml = ObjectPrinter(format: .yaml, resourceName: MPIJob.objectName).render([object], asList: false)
        do {
            try FileIO.write(yaml, to: path, replace: replace)
        } catch {
            session.printError(ErrorReport(code: .failure, message: "cannot write \(error.description)"))
            return nil
        }
        try say("Saved mpijob \"\(name)\" to \(path); nothing was sent. Create it with:")
        try say("  kubectl odh mpijob create -f \(ShellWords.quote(path)) -n \(namespace)")
        return .success
    }

    private func chooseStep(_ wizard: JobWizard) throws -> JobWizard.Field {
        let asked = JobWizard.Field.allCases.filter { wizard.asks($0) }
        for (index, field) in asked.enumerated() {
            try say("  \(index + 1)) \(JobWizard.step(field).title): \(wizard.currentText(field) ?? "")")
        }
        while true {
            let answer = try prompt("  Change which step? [1]: ").trimmingCharacters(in: [" ", "\t"])
            if answer.isEmpty { return asked[0] }
            if let number = Int(answer), number >= 1, number <= asked.count { return asked[number - 1] }
            session.printError(ErrorReport(code: .usage, message: "choose a step from 1 to \(asked.count), got \"\(answer)\""))
        }
    }

    // MARK: Terminal

    private func say(_ text: String) throws {
        try session.stdout.line(text)
    }

    /// The prompt, then one line from the terminal.
    private func prompt(_ text: String) throws -> String {
        try session.stdout.write(text)
        try session.stdout.flush()
        switch LineReader.read(fd: 0, interrupted: { Interrupt.requested }) {
        case .line(let line): return line
        case .interrupted, .ended: throw Cancelled()
        }
    }
}

/// Emphasis for the dialog's text, only when color is on.
struct WizardStyle {
    var color: Bool

    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}
