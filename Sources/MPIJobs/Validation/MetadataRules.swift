import KubeClient

/// `metadata`: what the API server requires of any object, then the operator's stricter
/// rule for the job name.
enum MetadataRules {
    /// The API server adds five random characters to `generateName`, after cutting it to
    /// 58 (`maxGeneratedNameLength`).
    static let generatedSuffixLength = 5

    static func check(_ metadata: JSONObject, workers: Int, _ checker: inout FieldChecker) {
        let name = checker.string(metadata["name"], "metadata.name")
        let generateName = checker.string(metadata["generateName"], "metadata.generateName")

        if let name {
            checkName(name, field: "metadata.name", workers: workers, &checker)
        } else if let generateName {
            // Kubernetes checks the prefix with a trailing '-' masked, then generates the rest.
            let masked = generateName.hasSuffix("-") ? String(generateName.dropLast()) + "a" : generateName
            let prefixErrors = DNS.subdomain1123Errors(masked)
            if !prefixErrors.isEmpty {
                checker.add("metadata.generateName", "Invalid value: \"\(generateName)\": " + prefixErrors.joined(separator: "; "))
            } else {
                let generated = String(generateName.prefix(63 - generatedSuffixLength)) + "xxxxx"
                checkWorkerHostname(
                    jobName: generated, shown: generateName, field: "metadata.generateName", workers: workers, &checker,
                    note: " (plus \(generatedSuffixLength) random characters)")
            }
        } else if metadata["name"] == nil || metadata["name"]?.isNull == true {
            checker.add("metadata.name", "Required value: name or generateName is required")
        }

        if let namespace = checker.string(metadata["namespace"], "metadata.namespace") {
            let errors = DNS.label1123Errors(namespace)
            if !errors.isEmpty {
                checker.add("metadata.namespace", "Invalid value: \"\(namespace)\": " + errors.joined(separator: "; "))
            }
        }
        if let labels = checker.object(metadata["labels"], "metadata.labels") {
            checkLabels(labels, field: "metadata.labels", &checker)
        }
        if let annotations = checker.object(metadata["annotations"], "metadata.annotations") {
            for (key, value) in annotations.pairs {
                _ = checker.string(value, "metadata.annotations[\(key)]")
            }
        }
    }

    /// Labels of the job or of a pod template: string values, valid keys and values.
    static func checkLabels(_ labels: JSONObject, field: String, _ checker: inout FieldChecker) {
        for (key, value) in labels.pairs {
            let keyErrors = LabelRules.keyErrors(key)
            if !keyErrors.isEmpty {
                checker.add(field, "Invalid value: \"\(key)\": " + keyErrors.joined(separator: "; "))
            }
            if let text = checker.string(value, "\(field)[\(key)]") {
                let valueErrors = LabelRules.valueErrors(text)
                if !valueErrors.isEmpty {
                    checker.add("\(field)[\(key)]", "Invalid value: \"\(text)\": " + valueErrors.joined(separator: "; "))
                }
            }
        }
    }

    /// The name rule alone, for a name given as an argument (`create NAME`). The operator's
    /// rule first: it implies the subdomain rule but for the last character, and its message
    /// says what to type (a subdomain's "e.g. example.com" would suggest dots, which the
    /// operator refuses). A name ending in "-" passes it ("train-" gives the hostname
    /// "train--worker-0") and is refused by the API server, so the subdomain rule follows.
    static func nameIssues(_ name: String, field: String, workers: Int) -> [ValidationIssue] {
        var checker = FieldChecker()
        checkWorkerHostname(jobName: name, shown: name, field: field, workers: workers, &checker, note: "")
        let errors = DNS.subdomain1123Errors(name)
        if checker.issues.isEmpty && !errors.isEmpty {
            checker.add(field, "Invalid value: \"\(name)\": " + (DNS.jobNameProblem(name).map { $0 + ": " } ?? "")
                + errors.joined(separator: "; "))
        }
        return checker.issues
    }

    private static func checkName(_ name: String, field: String, workers: Int, _ checker: inout FieldChecker) {
        // What the API server refuses first (422); the operator's rule is only worth
        // reporting for a name the server would store.
        let errors = DNS.subdomain1123Errors(name)
        if !errors.isEmpty {
            checker.add(field, "Invalid value: \"\(name)\": " + (DNS.jobNameProblem(name).map { $0 + ": " } ?? "")
                + errors.joined(separator: "; "))
            return
        }
        checkWorkerHostname(jobName: name, shown: name, field: field, workers: workers, &checker, note: "")
    }

    /// The operator's rule: the last worker's hostname `<name>-worker-<N-1>` must be a
    /// DNS-1035 label, because each worker pod is reached as `<pod>.<job>.<ns>.svc`.
    private static func checkWorkerHostname(
        jobName: String, shown: String, field: String, workers: Int, _ checker: inout FieldChecker, note: String
    ) {
        let hostname = "\(jobName)-worker-\(workers - 1)"
        let errors = DNS.label1035Errors(hostname)
        guard !errors.isEmpty else { return }
        // Say what is wrong with the name itself, in words, before the rule it breaks.
        if let problem = DNS.jobNameProblem(shown) {
            checker.add(field, "Invalid value: \"\(shown)\": \(problem); the operator uses the name in every worker's"
                + " hostname (\"\(hostname)\"), a DNS-1035 label")
            return
        }
        var message =
            "Invalid value: \"\(shown)\"\(note): the operator would refuse it, because the worker pod name "
            + "\"\(hostname)\" must be a DNS-1035 label: " + errors.joined(separator: "; ")
        if hostname.utf8.count > 63 {
            let noun = workers == 1 ? "worker" : "workers"
            message += " (with \(workers) \(noun) the name may have at most \(DNS.maxJobNameLength(workers: workers)) characters)"
        }
        checker.add(field, message)
    }
}
