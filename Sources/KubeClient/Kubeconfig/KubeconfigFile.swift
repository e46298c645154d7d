extension Kubeconfig {
    /// One kubeconfig file's text, read as `KubeconfigLoader` reads each file: nothing is
    /// read from disk and nothing is merged. Relative paths resolve against `path`'s directory.
    public static func parse(text: String, path: String) throws(KubeconfigError) -> Kubeconfig {
        try KubeconfigFile.parse(text, path: path)
    }
}

/// Reads one kubeconfig file's YAML into the typed model, checking each field's type so a
/// hand-edited file gets an error that names the field instead of a silent default.
enum KubeconfigFile {
    static func parse(_ text: String, path: String) throws(KubeconfigError) -> Kubeconfig {
        let document: JSON
        do {
            let documents = try YAMLReader.documents(text)
            document = documents.first ?? .object(JSONObject())
        } catch {
            throw KubeconfigError(.invalid, "kubeconfig \"\(path)\" is not valid YAML: \(error)")
        }
        if document.isNull { return Kubeconfig() }
        guard case .object = document else {
            throw KubeconfigError(.invalid, "kubeconfig \"\(path)\" must be a mapping, found \(document.kindName)")
        }
        let base = FileIO.directory(of: path)
        let reader = FieldReader(path: path, base: base)
        var config = Kubeconfig()
        config.sources = [path]
        config.currentContext = try reader.string(document["current-context"], "current-context")

        for (i, item) in try reader.list(document["clusters"], "clusters").enumerated() {
            let field = "clusters[\(i)]"
            guard let name = try reader.string(item["name"], "\(field).name"), !name.isEmpty else {
                throw reader.error("\(field) has no name")
            }
            let body = item["cluster"] ?? .object(JSONObject())
            var cluster = ClusterEntry()
            cluster.server = try reader.string(body["server"], "\(field).cluster.server")
            cluster.certificateAuthority = try reader.path(body["certificate-authority"], "\(field).cluster.certificate-authority")
            cluster.certificateAuthorityData = try reader.base64(body["certificate-authority-data"], "\(field).cluster.certificate-authority-data")
            cluster.insecureSkipTLSVerify = try reader.bool(body["insecure-skip-tls-verify"], "\(field).cluster.insecure-skip-tls-verify") ?? false
            cluster.tlsServerName = try reader.string(body["tls-server-name"], "\(field).cluster.tls-server-name")
            cluster.proxyURL = try reader.string(body["proxy-url"], "\(field).cluster.proxy-url")
            if config.clusters[name] == nil { config.clusters[name] = cluster }
        }

        for (i, item) in try reader.list(document["users"], "users").enumerated() {
            let field = "users[\(i)]"
            guard let name = try reader.string(item["name"], "\(field).name"), !name.isEmpty else {
                throw reader.error("\(field) has no name")
            }
            let body = item["user"] ?? .object(JSONObject())
            var user = UserEntry()
            user.clientCertificate = try reader.path(body["client-certificate"], "\(field).user.client-certificate")
            user.clientCertificateData = try reader.base64(body["client-certificate-data"], "\(field).user.client-certificate-data")
            user.clientKey = try reader.path(body["client-key"], "\(field).user.client-key")
            user.clientKeyData = try reader.base64(body["client-key-data"], "\(field).user.client-key-data")
            user.token = try reader.string(body["token"], "\(field).user.token")
            user.tokenFile = try reader.path(body["tokenFile"], "\(field).user.tokenFile")
            user.username = try reader.string(body["username"], "\(field).user.username")
            user.password = try reader.string(body["password"], "\(field).user.password")
            user.impersonate = try reader.string(body["as"], "\(field).user.as")
            user.impersonateGroups = try reader.list(body["as-groups"], "\(field).user.as-groups").enumerated().map {
                (j, group) throws(KubeconfigError) in
                guard let text = try reader.string(group, "\(field).user.as-groups[\(j)]") else { return "" }
                return text
            }
            if let exec = body["exec"], !exec.isNull {
                user.exec = try reader.exec(exec, "\(field).user.exec")
            }
            if let provider = body["auth-provider"], !provider.isNull {
                user.authProviderName = try reader.string(provider["name"], "\(field).user.auth-provider.name") ?? "unknown"
            }
            if config.users[name] == nil { config.users[name] = user }
        }

        for (i, item) in try reader.list(document["contexts"], "contexts").enumerated() {
            let field = "contexts[\(i)]"
            guard let name = try reader.string(item["name"], "\(field).name"), !name.isEmpty else {
                throw reader.error("\(field) has no name")
            }
            let body = item["context"] ?? .object(JSONObject())
            let context = ContextEntry(
                cluster: try reader.string(body["cluster"], "\(field).context.cluster") ?? "",
                user: try reader.string(body["user"], "\(field).context.user") ?? "",
                namespace: try reader.string(body["namespace"], "\(field).context.namespace"))
            if config.contexts[name] == nil { config.contexts[name] = context }
        }
        return config
    }
}

/// Typed access to kubeconfig fields with errors that name the file and field.
private struct FieldReader {
    let path: String
    let base: String

    func error(_ message: String) -> KubeconfigError {
        KubeconfigError(.invalid, "kubeconfig \"\(path)\": \(message)")
    }

    func string(_ value: JSON?, _ field: String) throws(KubeconfigError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        // YAML may read an unquoted value as a number or boolean; kubectl accepts those as text.
        case .number(let n)?: return n
        case .bool(let b)?: return b ? "true" : "false"
        case let other?: throw error("\(field) must be a string, found \(other.kindName)")
        }
    }

    func bool(_ value: JSON?, _ field: String) throws(KubeconfigError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)? where s == "true" || s == "false": return s == "true"
        case let other?: throw error("\(field) must be true or false, found \(other.kindName)")
        }
    }

    func list(_ value: JSON?, _ field: String) throws(KubeconfigError) -> [JSON] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?: return items
        case let other?: throw error("\(field) must be a list, found \(other.kindName)")
        }
    }

    /// Relative file paths are relative to the kubeconfig's own directory.
    func path(_ value: JSON?, _ field: String) throws(KubeconfigError) -> String? {
        guard let text = try string(value, field), !text.isEmpty else { return nil }
        if text.hasPrefix("/") { return text }
        if text.hasPrefix("~/"), let home = FileIO.environment["HOME"] { return home + text.dropFirst(1) }
        return base + "/" + text
    }

    func base64(_ value: JSON?, _ field: String) throws(KubeconfigError) -> [UInt8]? {
        guard let text = try string(value, field), !text.isEmpty else { return nil }
        guard let bytes = Base64.decode(text) else {
            throw error("\(field) is not valid base64")
        }
        return bytes
    }

    func exec(_ value: JSON, _ field: String) throws(KubeconfigError) -> ExecConfig {
        guard let command = try string(value["command"], "\(field).command"), !command.isEmpty else {
            throw error("\(field).command is required")
        }
        let apiVersion = try string(value["apiVersion"], "\(field).apiVersion") ?? ""
        guard apiVersion == "client.authentication.k8s.io/v1" || apiVersion == "client.authentication.k8s.io/v1beta1" else {
            throw error("\(field).apiVersion \"\(apiVersion)\" is not supported (use client.authentication.k8s.io/v1 or v1beta1)")
        }
        var exec = ExecConfig(command: command, apiVersion: apiVersion)
        for (i, arg) in try list(value["args"], "\(field).args").enumerated() {
            exec.args.append(try string(arg, "\(field).args[\(i)]") ?? "")
        }
        for (i, pair) in try list(value["env"], "\(field).env").enumerated() {
            guard let name = try string(pair["name"], "\(field).env[\(i)].name") else {
                throw error("\(field).env[\(i)] has no name")
            }
            exec.env.append((name, try string(pair["value"], "\(field).env[\(i)].value") ?? ""))
        }
        exec.installHint = try string(value["installHint"], "\(field).installHint")
        exec.provideClusterInfo = try bool(value["provideClusterInfo"], "\(field).provideClusterInfo") ?? false
        return exec
    }
}
