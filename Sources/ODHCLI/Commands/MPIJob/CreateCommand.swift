import KubeClient
import MPIJobs

/// `mpijob create`: from manifests (`-f`) or from flags; validated as the operator would,
/// checked against RBAC and quota first, optionally waited on.
struct CreateCommand: CLICommand {
    static let formats: [OutputFormat] = [.table, .json, .yaml, .name]

    static let spec = CommandSpec(
        name: "create", summary: "Submit MPIJobs from YAML/JSON or from flags",
        usage: ["-f FILE|- [-f FILE]... [--dry-run=client|server] [-o json|yaml|name] [--wait [--timeout D] [--follow]]",
                "NAME --image IMG [--workers N] [--gpus-per-worker N] [flags] [-- COMMAND ARGS...]"],
        description: """
            Every job is validated with the mpi-operator's own rules before anything is sent (the
            MPIJob CRD has no webhook: an invalid job would be accepted and then do nothing), and
            checked against your permissions and the namespace's ResourceQuota.
            """,
        options: [
            OptionSpec(long: "filename", short: "f", kind: .repeated, valueName: "FILE",
                       help: "manifest file (YAML or JSON, several documents allowed); - reads stdin",
                       completion: .file),
            OptionSpec(long: "dry-run", kind: .optionalValue(defaultValue: "client"), valueName: "MODE",
                       help: "client: print, send nothing; server: let the API server check (?dryRun=All)",
                       completion: .choices(["none", "client", "server"])),
            SharedOptions.output(formats),
            OptionSpec(long: "wait", kind: .flag, help: "wait for the job to end: exit 0 Succeeded, 3 Failed, 5 timeout"),
            OptionSpec(long: "follow", kind: .flag, help: "with --wait: stream the launcher's log while waiting"),
            SharedOptions.timeout,
        ] + CreateFlags.specs,
        positionals: [PositionalSpec(name: "NAME", help: "name of a job built from flags", optional: true)],
        examples: [
            "kubectl odh mpijob create -f job.yaml --wait --timeout 2h",
            "kubectl odh mpijob create pi --image mpioperator/mpi-pi:openmpi --workers 2 -- mpirun -n 2 /home/mpiuser/pi",
            "kubectl odh mpijob create ddp --image my/pytorch --workers 4 --gpus-per-worker 2 --queue team-q --dry-run -o yaml",
        ],
        acceptsTrailingCommand: true)

    enum DryRun: String { case none, client, server }

    var files: [String]
    var jobName: String?
    var dryRun: DryRun
    var format: OutputFormat
    var wait: Bool
    var follow: Bool
    var timeout: Double?
    let parsed: ParsedArguments

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        self.parsed = parsed
        files = parsed.strings("filename")
        format = try OutputFormat.parse(parsed.string("output"), allowed: Self.formats)
        wait = try parsed.flag("wait")
        follow = try parsed.flag("follow")
        timeout = try SharedOptions.parseTimeout(parsed)
        let mode = try parsed.choice("dry-run", in: ["none", "client", "server"]) ?? "none"
        dryRun = DryRun(rawValue: mode) ?? .none
        if globals.allNamespaces { throw UsageError("create works in one namespace; -A does not apply") }
        if parsed.positionals.count > 1 {
            throw UsageError("create takes one job name, got \(parsed.positionals.count)",
                             hint: "put the launcher's command after --: create NAME --image IMG -- mpirun ...")
        }
        jobName = parsed.positionals.first
        let flagsUsed = CreateFlags.longNames.filter { parsed.has($0) }
        if files.isEmpty {
            guard jobName != nil else {
                throw UsageError("create needs -f FILE or a NAME with --image", hint: "see 'kubectl odh mpijob create -h'")
            }
        } else {
            if let jobName { throw UsageError("give either -f FILE or a NAME (\"\(jobName)\"), not both") }
            if let flag = flagsUsed.first { throw UsageError("--\(flag) builds a job from flags; it cannot change a -f manifest") }
            if parsed.trailing != nil { throw UsageError("a command after -- goes with NAME --image, not with -f") }
        }
        if timeout != nil && !wait { throw UsageError("--timeout goes with --wait") }
        if wait && dryRun != .none { throw UsageError("--wait cannot wait for a dry run") }
        if follow && !wait { throw UsageError("--follow goes with --wait", hint: "create ... --wait --follow") }
    }

    func run(_ session: Session) throws -> ExitCode {
        // A client dry run sends nothing, and needs no cluster: use the kubeconfig's
        // namespace only if there is one.
        let explicitNamespace = session.globals.overrides.namespace
        var namespace: String?
        do {
            namespace = try session.namespace
        } catch {
            if dryRun != .client { throw error }
            namespace = explicitNamespace
        }
        let jobs: [ManifestDocument]
        switch try loadJobs(session, namespace: namespace, explicitNamespace: explicitNamespace) {
        case .success(let loaded): jobs = loaded
        case .failure(let code): return code
        }
        if dryRun == .client {
            return try printDryRun(jobs.map(\.object), session: session)
        }
        let api = try session.api()
        var code = ExitCode.success
        for document in jobs {
            let job = MPIJob(document.object)
            let jobNamespace = job.namespace.isEmpty ? (namespace ?? "default") : job.namespace
            let result = try submit(document.object, namespace: jobNamespace, api: api, session: session)
            code = code.combined(with: result)
            if result != .success { continue }
            if wait {
                code = code.combined(with: try waitFor(job.name, namespace: jobNamespace, api: api, session: session))
            }
        }
        return code
    }

    enum Loaded {
        case success([ManifestDocument])
        case failure(ExitCode)
    }

    /// Reads and validates every job before sending any: one bad document stops them all.
    func loadJobs(_ session: Session, namespace: String?, explicitNamespace: String?) throws -> Loaded {
        var documents: [ManifestDocument] = []
        if let jobName {
            let (request, issues) = CreateFlags.request(
                name: jobName, parsed: parsed, namespace: namespace, command: parsed.trailing ?? [])
            guard let request else {
                printIssues(issues, for: "mpijob \"\(jobName)\"", session: session)
                return .failure(.usage)
            }
            documents.append(ManifestDocument(object: ManifestBuilder.build(request), origin: "flags"))
        } else {
            var stdinUsed = false
            for file in files {
                let text: String
                do {
                    if file == "-" {
                        guard !stdinUsed else {
                            session.printError(ErrorReport(code: .usage, message: "-f - can be given only once"))
                            return .failure(.usage)
                        }
                        stdinUsed = true
                        let bytes = try FileIO.readAll(fd: 0, path: "stdin")
                        guard let decoded = String(validating: bytes, as: UTF8.self) else {
                            throw ManifestError(origin: "stdin", message: "not UTF-8 text")
                        }
                        text = decoded
                    } else {
                        text = try FileIO.readText(file)
                    }
                    documents += try ManifestDocuments.parse(text, origin: file == "-" ? "stdin" : file)
                } catch let error as ManifestError {
                    session.printError(ErrorReport(code: .usage, message: error.description))
                    return .failure(.usage)
                } catch let error as FileError {
                    session.printError(ErrorReport(code: error.notFound ? .notFound : .failure,
                                                   message: "cannot read \(error.description)"))
                    return .failure(error.notFound ? .notFound : .failure)
                }
            }
            if documents.isEmpty {
                session.printError(ErrorReport(code: .usage, message: "no objects found in \(files.joined(separator: ", "))"))
                return .failure(.usage)
            }
        }
        var invalid = false
        for index in documents.indices {
            var object = documents[index].object
            let name = object[path: "metadata", "name"]?.stringValue ?? "(no name)"
            let label = "\(documents[index].origin): mpijob \"\(name)\""
            let kind = object["kind"]?.stringValue ?? ""
            if kind != MPIJob.kind {
                session.printError(ErrorReport(
                    code: .usage,
                    message: "\(documents[index].origin): \(kind.isEmpty ? "an object without kind" : "a \(kind)") is not an MPIJob; nothing was sent",
                    hint: "this command creates MPIJobs only; use kubectl for other objects"))
                invalid = true
                continue
            }
            // Namespace: the file's wins unless -n names another, which kubectl refuses too.
            if let fileNamespace = object[path: "metadata", "namespace"]?.stringValue, !fileNamespace.isEmpty {
                if let explicitNamespace, explicitNamespace != fileNamespace {
                    session.printError(ErrorReport(
                        code: .usage,
                        message: "\(label): the namespace in the file (\"\(fileNamespace)\") does not match --namespace \"\(explicitNamespace)\"",
                        hint: "drop -n, or change metadata.namespace in the file"))
                    invalid = true
                    continue
                }
            } else if let namespace {
                object.set(.string(namespace), at: ["metadata", "namespace"])
            }
            let issues = MPIJobValidator.validate(object)
            if !issues.isEmpty {
                printIssues(issues, for: label, session: session)
                invalid = true
            }
            documents[index].object = object
        }
        return invalid ? .failure(.usage) : .success(documents)
    }

    func printIssues(_ issues: [ValidationIssue], for label: String, session: Session) {
        session.printError(ErrorReport(
            code: .usage,
            message: "\(label) is invalid; nothing was sent:\n" + issues.map { "  - \($0.description)" }.joined(separator: "\n"),
            hint: "the mpi-operator would accept it and then leave it idle with a ValidationError event"))
    }

    func printDryRun(_ objects: [JSON], session: Session) throws -> ExitCode {
        switch format {
        case .json, .yaml, .name:
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: MPIJob.objectName)
                .render(objects, asList: objects.count > 1))
        default:
            for object in objects {
                try session.stdout.line("\(MPIJob.objectName)/\(MPIJob(object).name) created (dry run)")
            }
        }
        return .success
    }

    func submit(_ object: JSON, namespace: String, api: KubeAPI, session: Session) throws -> ExitCode {
        let job = MPIJob(object)
        let preflight = Preflight(api: api)
        if dryRun == .none {
            do {
                if case .denied(let reason) = try preflight.canCreate(namespace: namespace) {
                    let user: String
                    do { user = "user \"\(try session.context().userName)\"" } catch { user = "you" }
                    session.printError(ErrorReport(
                        code: .notAllowed,
                        message: "\(user) may not create mpijobs.kubeflow.org in namespace \"\(namespace)\""
                            + (reason.map { $0.isEmpty ? "" : " (\($0))" } ?? "") + "; nothing was created",
                        hint: "ask a namespace admin for the 'create' verb on mpijobs.kubeflow.org, or pick another namespace with -n"))
                    return .notAllowed
                }
                if let quotas = try preflight.quotas(namespace: namespace) {
                    let report = QuotaCheck.check(job: object, quotas: quotas)
                    if report.exceeded {
                        printQuota(report, job: job.name, namespace: namespace, session: session)
                        return .refused
                    }
                    for note in report.notes { session.warn(note) }
                }
            } catch {
                return session.report(error, namespace: namespace)
            }
        }
        let path = MPIJobClient.collectionPath(namespace: namespace) + (dryRun == .server ? "?dryRun=All" : "")
        let created: JSON
        do {
            created = try api.post(path, body: object, expectKind: MPIJob.kind)
        } catch {
            if case .api(let status) = error, status.code == 409 {
                session.printError(ErrorReport(
                    code: .conflict, message: "mpijob \"\(job.name)\" already exists in namespace \"\(namespace)\"",
                    hint: "delete it first (kubectl odh mpijob delete \(job.name) -n \(namespace)) or choose another name"))
                return .conflict
            }
            if case .api(let status) = error, status.code == 404, status.detailsKind == "namespaces" {
                return session.report(error, namespace: namespace)
            }
            if case .api(let status) = error, status.code == 404 {
                return session.report(MPIJobClient(api: api).translate(error, name: nil, namespace: namespace))
            }
            return session.report(error, namespace: namespace)
        }
        switch format {
        case .json, .yaml, .name:
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: MPIJob.objectName)
                .render([created], asList: false))
        default:
            try session.stdout.line("\(MPIJob.objectName)/\(job.name) created" + (dryRun == .server ? " (server dry run)" : ""))
        }
        try session.stdout.flush()
        return .success
    }

    func printQuota(_ report: QuotaReport, job: String, namespace: String, session: Session) {
        let rows = report.exceededRows.map { [$0.quota, $0.resource, "\($0.requested)", "\($0.used)", "\($0.hard)"] }
        let table = TablePrinter().render(Table(columns: ["QUOTA", "RESOURCE", "REQUESTED", "USED", "HARD"], rows: rows))
        session.printError(ErrorReport(
            code: .refused,
            message: "mpijob \"\(job)\" does not fit the ResourceQuota of namespace \"\(namespace)\"; nothing was created\n"
                + table.trimmingCharacters(in: ["\n"]),
            hint: "ask for fewer workers or resources, wait for running jobs to finish, or use a Kueue queue (--queue)"))
    }

    func waitFor(_ name: String, namespace: String, api: KubeAPI, session: Session) throws -> ExitCode {
        if follow { return try followLauncher(name, namespace: namespace, api: api, session: session) }
        let deadline = timeout.map { Monotonic.now() + $0 }
        var lastPhase: JobPhase?
        let outcome: WaitOutcome
        do {
            outcome = try JobWaiter(api: api).wait(
                name: name, namespace: namespace, target: .completion, deadline: deadline
            ) { job in
                let phase = job.phase
                if phase != lastPhase {
                    lastPhase = phase
                    do { try session.stderr.line("mpijob \(name): \(phase.rawValue)"); try session.stderr.flush() } catch {}
                }
            }
        } catch let error as ClientError {
            if case .transport(let transport) = error, transport.kind == .interrupted {
                session.printError(ErrorReport(
                    code: .interrupted,
                    message: "interrupted: stopped waiting; mpijob \"\(name)\" keeps running in namespace \"\(namespace)\"",
                    hint: "wait again with 'kubectl odh mpijob wait \(name) -n \(namespace)', or delete it"))
                return .interrupted
            }
            throw error
        }
        let code = try WaitReporter(session: session, name: name, namespace: namespace).report(outcome, timeout: timeout)
        if code == .jobFailed {
            printLauncherTail(name, namespace: namespace, api: api, session: session)
        }
        return code
    }

    /// --wait --follow: the launcher's log on stdout while waiting (the job watch of the
    /// follow decides the outcome), then the same report and exit code as --wait.
    func followLauncher(_ name: String, namespace: String, api: KubeAPI, session: Session) throws -> ExitCode {
        let job: MPIJob
        do {
            job = try MPIJobClient(api: api).get(name: name, namespace: namespace)
        } catch {
            return session.report(error, namespace: namespace)
        }
        let reader = JobLogReader(session: session, api: api, job: job, selection: .launcher, container: nil,
                                  options: LogOptions(follow: true), prefixed: false)
        let progress = JobPhaseProgress(session: session, name: name)
        let (end, followed, sink) = try reader.follow(deadline: timeout.map { Monotonic.now() + $0 },
                                                      onJobChange: { progress.report($0) })
        let outcome: WaitOutcome
        switch (end, followed) {
        case (.sinkClosed, _):
            return .success
        case (.interrupted, _):
            session.printError(ErrorReport(
                code: .interrupted,
                message: "interrupted: stopped waiting; mpijob \"\(name)\" keeps running in namespace \"\(namespace)\"",
                hint: "wait again with 'kubectl odh mpijob wait \(name) -n \(namespace)', or delete it"))
            return .interrupted
        case (.failed(let error), _):
            return session.report(error, namespace: namespace)
        case (_, .finished(let snapshot)):
            outcome = snapshot.phase == .succeeded ? .reached(snapshot) : .failed(snapshot)
        case (_, .deleted):
            outcome = .deleted
        case (_, .notFound):
            outcome = .notFound
        case (_, .running(let phase)):
            outcome = .timedOut(lastPhase: phase)
        }
        return sink.code.combined(
            with: try WaitReporter(session: session, name: name, namespace: namespace).report(outcome, timeout: timeout))
    }

    /// The launcher's last lines on stderr: in CI that is where the reason shows.
    func printLauncherTail(_ name: String, namespace: String, api: KubeAPI, session: Session) {
        let pods = JobPods(api: api)
        do {
            guard let launcher = try pods.newestLauncher(job: name, namespace: namespace) else { return }
            let text = try pods.tail(pod: launcher, namespace: namespace, lines: 20)
            guard !text.isEmpty else { return }
            try session.stderr.line("--- last 20 lines of \(launcher[path: "metadata", "name"]?.stringValue ?? "the launcher") ---")
            try session.stderr.write(text.hasSuffix("\n") ? text : text + "\n")
            try session.stderr.flush()
        } catch {
            session.warn("could not read the launcher's log: \(ErrorMapping.report(error).message)")
        }
    }
}
