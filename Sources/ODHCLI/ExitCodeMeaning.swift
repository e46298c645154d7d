/// What each exit code tells a script: the man pages' EXIT STATUS and the CLI reference are
/// generated from this, so the documented table cannot drift from the codes.
extension ExitCode {
    var meaning: String {
        switch self {
        case .success: return "success (wait-like commands: the job Succeeded)"
        case .failure: return "unexpected failure: network, server error after retries, internal error"
        case .usage: return "usage error or invalid input (flags, manifests, kubeconfig; server-side 400/422)"
        case .jobFailed: return "the job Failed"
        case .notFound: return "not found (job, namespace, context, file, the MPIJob CRD)"
        case .timedOut: return "timed out (--timeout elapsed)"
        case .notAllowed: return "not authenticated or not allowed (401, 403)"
        case .conflict: return "already exists / conflict (409)"
        case .refused: return "refused for quota or by admission"
        case .interrupted: return "interrupted (Ctrl-C)"
        }
    }
}
