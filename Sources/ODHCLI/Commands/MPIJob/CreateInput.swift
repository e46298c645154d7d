import KubeClient
import MPIJobs

/// Reading and checking what `create` was given: every job is validated before any is sent.
extension CreateCommand {
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
                printIssues(issues, for: "mpijob \"\(jobName)\"", session: session,
                            hint: "see 'kubectl odh mpijob create --help' for the flags and their values")
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
                printIssues(issues, for: label, session: session,
                            hint: "the MPIJob CRD has no webhook: the API server would accept this job and the mpi-operator would leave it idle with a ValidationError event")
                invalid = true
            }
            documents[index].object = object
        }
        return invalid ? .failure(.usage) : .success(documents)
    }

    func printIssues(_ issues: [ValidationIssue], for label: String, session: Session, hint: String) {
        session.printError(ErrorReport(
            code: .usage,
            message: "\(label) is invalid; nothing was sent:\n" + issues.map { "  - \($0.description)" }.joined(separator: "\n"),
            hint: hint))
    }
}
