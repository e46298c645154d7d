import KubeClient
import MPIJobs

/// The questions of `create -i`, as data: what each step asks, what Enter keeps, and how
/// an answer changes the `JobRequest`. No terminal here (JobWizardDialog asks), so every
/// rule can be tested by feeding answers.
///
/// An answer is read with the same parser as its flag (`JobRequest.parseCount`, ...) and
/// the request is then checked with `JobRequest.validate()`, the rules of `create NAME
/// --image ...`; the step refuses the answer if it brings a problem that was not there
/// before (or one about its own field), with the flag's own message.
struct JobWizard {
    enum Field: Int, CaseIterable, Sendable {
        case name, image, command, workers, slotsPerWorker, gpusPerWorker, cpu, memory, mpiImplementation, queue
    }

    struct Step: Sendable {
        var field: Field
        var title: String
        /// The flag (or argument) the answer stands for: issues are reported against it.
        var flag: String
        var help: String
        /// Whether `-` clears the value (optional fields).
        var clearable: Bool
    }

    static let steps: [Step] = [
        Step(field: .name, title: "Job name", flag: "NAME",
             help: "lowercase letters, digits and '-', starting with a letter", clearable: false),
        Step(field: .image, title: "Container image", flag: "--image",
             help: "the image of the launcher and the workers", clearable: false),
        Step(field: .command, title: "Launcher command", flag: "COMMAND",
             help: "what the launcher runs, e.g. mpirun -n 4 python train.py ('-': the image's entrypoint)",
             clearable: true),
        Step(field: .workers, title: "Workers", flag: "--workers", help: "number of worker pods", clearable: false),
        Step(field: .slotsPerWorker, title: "Slots per worker", flag: "--slots-per-worker",
             help: "MPI ranks per worker ('-': the GPUs per worker, else 1)", clearable: true),
        Step(field: .gpusPerWorker, title: "GPUs per worker", flag: "--gpus-per-worker",
             help: "nvidia.com/gpu of each worker (0: none)", clearable: true),
        Step(field: .cpu, title: "CPU per worker", flag: "--cpu",
             help: "a quantity such as 4 or 500m ('-': no request)", clearable: true),
        Step(field: .memory, title: "Memory per worker", flag: "--memory",
             help: "a quantity such as 16Gi or 512Mi ('-': no request)", clearable: true),
        Step(field: .mpiImplementation, title: "MPI implementation", flag: "--mpi-implementation",
             help: "OpenMPI, Intel or MPICH", clearable: false),
        Step(field: .queue, title: "Queue", flag: "--queue",
             help: "a Kueue LocalQueue to wait in for quota ('-': none)", clearable: true),
    ]

    var request: JobRequest
    /// What the queue step offers; `.notServed` skips the step. nil until asked.
    var queues: LocalQueueListing?

    init(request: JobRequest) {
        self.request = request
    }

    static func step(_ field: Field) -> Step { steps[field.rawValue] }

    /// Whether the step is asked at all: the queue only where Kueue serves LocalQueues.
    func asks(_ field: Field) -> Bool {
        guard field == .queue else { return true }
        switch queues {
        case .some(.notServed): return false
        case .some(.queues(let found)): return !found.isEmpty
        default: return true
        }
    }

    /// What Enter keeps, as shown in brackets; nil when there is no default (required).
    func currentText(_ field: Field) -> String? {
        switch field {
        case .name: return request.name.isEmpty ? nil : request.name
        case .image: return request.image.isEmpty ? nil : request.image
        case .command: return request.command.isEmpty ? "the image's entrypoint" : ShellWords.join(request.command)
        case .workers: return String(request.workers)
        case .slotsPerWorker:
            return request.slotsPerWorker.map(String.init) ?? "\(request.effectiveSlotsPerWorker) (auto)"
        case .gpusPerWorker: return String(request.gpusPerWorker ?? 0)
        case .cpu: return request.cpu?.description ?? "none"
        case .memory: return request.memory?.description ?? "none"
        case .mpiImplementation: return request.mpiImplementation.rawValue
        case .queue: return request.queue ?? "none"
        }
    }

    /// Applies one typed answer. Empty keeps the current value; `-` clears an optional one.
    /// Returns the problems (nothing is changed then).
    mutating func answer(_ field: Field, _ text: String) -> [ValidationIssue] {
        let step = Self.step(field)
        let typed = text.trimmingCharacters(in: [" ", "\t"])
        var candidate = request
        do {
            if typed.isEmpty {
                // Enter: the value stays; a required one still has to be there.
            } else if typed == "-" && step.clearable {
                clear(field, in: &candidate)
            } else {
                try set(field, typed, raw: text, in: &candidate)
            }
        } catch {
            return [error]
        }
        let before = Set(request.validate().map(\.description))
        let issues = candidate.validate().filter { $0.field == step.flag || !before.contains($0.description) }
        if issues.isEmpty { request = candidate }
        return issues
    }

    private func clear(_ field: Field, in request: inout JobRequest) {
        switch field {
        case .command: request.command = []
        case .slotsPerWorker: request.slotsPerWorker = nil
        case .gpusPerWorker: request.gpusPerWorker = nil
        case .cpu: request.cpu = nil
        case .memory: request.memory = nil
        case .queue: request.queue = nil
        case .name, .image, .workers, .mpiImplementation: break
        }
    }

    private func set(_ field: Field, _ typed: String, raw: String, in request: inout JobRequest) throws(ValidationIssue) {
        let flag = Self.step(field).flag
        switch field {
        case .name: request.name = typed
        case .image: request.image = typed
        case .command:
            do {
                request.command = try ShellWords.split(raw)
            } catch {
                throw ValidationIssue(field: flag, message: error.description)
            }
        case .workers: request.workers = try JobRequest.parseCount(typed, field: flag)
        case .slotsPerWorker: request.slotsPerWorker = try JobRequest.parseCount(typed, field: flag)
        case .gpusPerWorker: request.gpusPerWorker = try JobRequest.parseCount(typed, field: flag)
        case .cpu: request.cpu = try JobRequest.parseResource(typed, field: flag)
        case .memory: request.memory = try JobRequest.parseResource(typed, field: flag)
        case .mpiImplementation: request.mpiImplementation = try JobRequest.parseMPIImplementation(typed, field: flag)
        case .queue: request.queue = try queueName(typed)
        }
    }

    /// A number from the offered list, or a name; where the namespace's queues are known,
    /// a name that is not one of them is refused (the job would wait forever).
    private func queueName(_ typed: String) throws(ValidationIssue) -> String {
        guard case .some(.queues(let offered)) = queues, !offered.isEmpty else { return typed }
        if let number = Int(typed) {
            guard number >= 1, number <= offered.count else {
                throw ValidationIssue(field: "--queue", message: "choose 1 to \(offered.count), got \(number)")
            }
            return offered[number - 1].name
        }
        guard offered.contains(where: { $0.name == typed }) else {
            let names = offered.map(\.name).joined(separator: ", ")
            let namespace = request.namespace.map { " in namespace \"\($0)\"" } ?? ""
            throw ValidationIssue(field: "--queue",
                                  message: "no LocalQueue \"\(typed)\"\(namespace); choose one of: \(names)")
        }
        return typed
    }
}
