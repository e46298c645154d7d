// swift-tools-version: 6.0
import PackageDescription

// Layers, lowest first: C shims → KubeClient (transport, kubeconfig, codecs) →
// MPIJobs (the MPIJob domain, quantities, pods, events) → TrainingJobs (every training-job kind
// behind one protocol, usage) → ODHCLI (flags, commands, printers) → kubectl-odh (main only).
// TerminalUI (termios, canvas, keys) sits beside the domain and under ODHCLI.
let package = Package(
    name: "kubectl-odh",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kubectl-odh", targets: ["kubectl-odh"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // curl_easy_setopt/getinfo are variadic: Swift cannot call them directly.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        .target(
            name: "KubeClient",
            dependencies: ["CCurl", "CCurlShim", "CYAML"],
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(name: "MPIJobs", dependencies: ["KubeClient"]),
        .target(name: "TrainingJobs", dependencies: ["KubeClient", "MPIJobs"]),
        // A fixed slot that `make` stamps with the version after linking (no rebuild per commit).
        .target(name: "CBuildStamp"),
        // Full-screen terminal views by hand (termios, ANSI): knows nothing of Kubernetes.
        .target(name: "CTerminal"),
        .target(name: "TerminalUI", dependencies: ["CTerminal"]),
        .target(name: "ODHCLI", dependencies: ["KubeClient", "MPIJobs", "TrainingJobs", "CBuildStamp", "TerminalUI"]),
        .executableTarget(name: "kubectl-odh", dependencies: ["ODHCLI"]),
        .testTarget(name: "KubeClientTests", dependencies: ["KubeClient"]),
        .testTarget(name: "MPIJobsTests", dependencies: ["MPIJobs", "KubeClient"]),
        .testTarget(name: "TrainingJobsTests", dependencies: ["TrainingJobs", "MPIJobs", "KubeClient"]),
        .testTarget(name: "ODHCLITests", dependencies: ["ODHCLI", "MPIJobs", "KubeClient", "TerminalUI"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
    ]
)
