import KubeClient
import MPIJobs

/// Reading and checking what `create` was given: every job is validated before any is sent.
extension CreateCommand {
    /// Reads and validates every job before sending any: one bad document stops them all.
    func loadJobs(_ session: Session, namespace: String?, explicitNamespace: String?) throws -> JobSubmission.Checked {
        var documents: [ManifestDocument] = []
        if let jobName {
            let (request, issues) = CreateFlags.request(
                name: jobName, parsed: parsed, namespace: namespace, command: parsed.trailing ?? [])
            guard let request else {
                JobSubmission.printIssues(issues, for: "mpijob \"\(jobName)\"", session: session,
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
        return submission.validate(documents, namespace: namespace, explicitNamespace: explicitNamespace,
                                   session: session,
                                   hint: "the MPIJob CRD has no webhook: the API server would accept this job and the mpi-operator would leave it idle with a ValidationError event")
    }
}
