import KubeClient

/// The containers of a replica's pod template. The operator requires at least one; the
/// rest are rules the pod API enforces when the operator creates the pods, which would
/// otherwise surface only as `FailedCreate` events long after `create` said "created".
enum ContainerRules {
    static func check(_ podSpec: JSONObject?, path: String, _ checker: inout FieldChecker) {
        let containersPath = "\(path).containers"
        let raw = podSpec?["containers"]
        let containers = checker.array(raw, containersPath) ?? []
        // Not reported again when the field is there with the wrong type.
        if containers.isEmpty, raw?.arrayValue != nil || raw == nil || raw?.isNull == true {
            checker.add(containersPath, "Required value: must define at least one container")
        }
        for (index, container) in containers.enumerated() {
            checkContainer(container, path: "\(containersPath)[\(index)]", &checker)
        }
        let initPath = "\(path).initContainers"
        for (index, container) in (podSpec.flatMap { checker.array($0["initContainers"], initPath) } ?? []).enumerated() {
            checkContainer(container, path: "\(initPath)[\(index)]", &checker)
        }
    }

    private static func checkContainer(_ value: JSON, path: String, _ checker: inout FieldChecker) {
        guard let container = checker.object(value, path) else { return }
        if let name = checker.string(container["name"], "\(path).name") {
            let errors = DNS.label1123Errors(name)
            if !errors.isEmpty { checker.add("\(path).name", "Invalid value: \"\(name)\": " + errors.joined(separator: "; ")) }
        } else if container["name"] == nil || container["name"]?.isNull == true {
            checker.add("\(path).name", "Required value")
        }
        let image = checker.string(container["image"], "\(path).image")
        if image?.isEmpty ?? (container["image"] == nil || container["image"]?.isNull == true) {
            checker.add("\(path).image", "Required value: the pods could not be created without an image")
        }
        guard let resources = checker.object(container["resources"], "\(path).resources") else { return }
        let requests = checker.object(resources["requests"], "\(path).resources.requests")
            .map { checkQuantities($0, field: "\(path).resources.requests", &checker) } ?? [:]
        let limits = checker.object(resources["limits"], "\(path).resources.limits")
            .map { checkQuantities($0, field: "\(path).resources.limits", &checker) } ?? [:]
        for (resource, request) in requests.sorted(by: { $0.key < $1.key }) {
            if let limit = limits[resource], request > limit {
                checker.add(
                    "\(path).resources.requests[\(resource)]",
                    "Invalid value: \"\(request)\": must be less than or equal to the \(resource) limit of \(limit)")
            }
        }
    }

    /// A resource map (`requests`, `limits`, `minResources`); returns the valid entries.
    @discardableResult
    static func checkQuantities(_ map: JSONObject, field: String, _ checker: inout FieldChecker) -> [String: Quantity] {
        var parsed: [String: Quantity] = [:]
        for (resource, value) in map.pairs {
            do {
                let quantity = try Quantity(json: value)
                if quantity.isNegative {
                    checker.add("\(field)[\(resource)]", "Invalid value: \"\(quantity)\": must be greater than or equal to 0")
                } else {
                    parsed[resource] = quantity
                }
            } catch {
                checker.add("\(field)[\(resource)]", error.description)
            }
        }
        return parsed
    }
}
