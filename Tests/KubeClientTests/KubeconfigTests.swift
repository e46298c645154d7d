#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import KubeClient

@Suite struct KubeconfigTests {
    func write(_ text: String, name: String = "config") throws -> String {
        let dir = "/tmp/odh-kubeconfig-tests-\(UInt32.random(in: 0...UInt32.max))"
        _ = dir.withCString { mkdir($0, 0o700) }
        let path = dir + "/" + name
        let file = fopen(path, "w")
        fputs(text, file)
        fclose(file)
        return path
    }

    let first = """
        apiVersion: v1
        kind: Config
        current-context: one
        clusters:
        - name: c1
          cluster:
            server: https://one.example:6443
            certificate-authority: ca.crt
        users:
        - name: u1
          user:
            token: first-token
        contexts:
        - name: one
          context: {cluster: c1, user: u1, namespace: team-a}
        - name: shared
          context: {cluster: c1, user: u1}
        """

    let second = """
        current-context: two
        clusters:
        - name: c2
          cluster:
            server: https://two.example
            insecure-skip-tls-verify: true
        users:
        - name: u2
          user:
            client-certificate-data: Zm9v
            client-key-data: YmFy
        contexts:
        - name: two
          context: {cluster: c2, user: u2}
        - name: shared
          context: {cluster: c2, user: u2, namespace: other}
        """

    @Test func mergesKUBECONFIGFirstWins() throws {
        let a = try write(first)
        let b = try write(second)
        let loader = KubeconfigLoader(explicitPath: nil, environment: ["KUBECONFIG": "\(a):/does/not/exist:\(b)"])
        let config = try #require(try loader.load())
        #expect(config.currentContext == "one")
        #expect(config.contexts["shared"]?.cluster == "c1")
        #expect(config.contexts["two"]?.cluster == "c2")
        #expect(config.sources == [a, b])
    }

    @Test func relativePathsResolveAgainstTheFile() throws {
        let a = try write(first)
        let config = try #require(try KubeconfigLoader(explicitPath: a, environment: [:]).load())
        #expect(config.clusters["c1"]?.certificateAuthority == FileIO.directory(of: a) + "/ca.crt")
    }

    @Test func resolvesContextNamespaceAndCredentials() throws {
        let a = try write(first)
        let b = try write(second)
        var overrides = ConfigOverrides()
        overrides.kubeconfigPath = nil
        let env = ["KUBECONFIG": "\(a):\(b)"]
        let one = try ContextResolver.resolve(overrides: overrides, environment: env)
        #expect(one.namespace == "team-a")
        #expect(one.settings.credentials == .bearer("first-token"))
        overrides.context = "two"
        let two = try ContextResolver.resolve(overrides: overrides, environment: env)
        #expect(two.namespace == "default")
        #expect(two.namespaceExplicit == false)
        #expect(two.settings.insecureSkipTLSVerify)
        #expect(two.settings.clientCertificate == .data(Array("foo".utf8)))
        overrides.namespace = "ns-flag"
        #expect(try ContextResolver.resolve(overrides: overrides, environment: env).namespace == "ns-flag")
    }

    @Test func missingContextIsNotFound() throws {
        let a = try write(first)
        var overrides = ConfigOverrides()
        overrides.kubeconfigPath = a
        overrides.context = "nope"
        do {
            _ = try ContextResolver.resolve(overrides: overrides, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.message == "context \"nope\" does not exist in the kubeconfig")
        }
    }

    @Test func explicitMissingFileIsNotFoundButKUBECONFIGSkipsIt() throws {
        #expect(throws: KubeconfigError.self) {
            try KubeconfigLoader(explicitPath: "/no/such/file", environment: [:]).load()
        }
        #expect(try KubeconfigLoader(explicitPath: nil, environment: ["KUBECONFIG": "/no/such/file"]).load() == nil)
    }

    @Test func tokenFileIsRead() throws {
        let tokenPath = try write("  secret-from-file\n", name: "token")
        let config = try write("""
            current-context: c
            clusters: [{name: k, cluster: {server: "https://k"}}]
            users: [{name: u, user: {tokenFile: \(tokenPath)}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """)
        var overrides = ConfigOverrides()
        overrides.kubeconfigPath = config
        let resolved = try ContextResolver.resolve(overrides: overrides, environment: [:])
        #expect(resolved.settings.credentials == .bearer("secret-from-file"))
    }

    @Test(arguments: [
        ("clusters: {a: 1}", "clusters must be a list"),
        ("clusters: [{cluster: {server: x}}]", "has no name"),
        ("users: [{name: u, user: {client-certificate-data: '!!!'}}]", "not valid base64"),
        ("users: [{name: u, user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1alpha1}}}]", "not supported"),
        ("- just\n- a list", "must be a mapping"),
        ("a: [unclosed", "not valid YAML"),
    ])
    func invalidFilesNameTheProblem(_ text: String, _ expected: String) throws {
        let path = try write(text)
        do {
            _ = try KubeconfigLoader(explicitPath: path, environment: [:]).load()
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.kind == .invalid)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func inClusterConfiguration() throws {
        let token = try write("sa-token\n", name: "token")
        let dir = FileIO.directory(of: token)
        let namespaceFile = dir + "/namespace"
        let file = fopen(namespaceFile, "w")
        fputs("pipelines\n", file)
        fclose(file)
        let env = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443", "ODH_SERVICEACCOUNT_DIR": dir,
                   "HOME": "/nonexistent-home"]
        let resolved = try ContextResolver.resolve(overrides: ConfigOverrides(), environment: env)
        #expect(resolved.settings.server == "https://10.0.0.1:443")
        #expect(resolved.settings.credentials == .bearer("sa-token"))
        #expect(resolved.namespace == "pipelines")
        #expect(resolved.settings.certificateAuthority == .file(dir + "/ca.crt"))
    }
}
