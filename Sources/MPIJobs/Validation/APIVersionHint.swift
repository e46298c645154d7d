import KubeClient

/// What to tell someone who sends a retired MPIJob version: how to convert, naming the
/// fields of their own manifest that must move.
///
/// mpi-operator removed `v1alpha1`, `v1alpha2` and `v1` in v0.4.0; `v1` lives on only in
/// the Kubeflow training-operator, whose CRD has the same name, so a cluster serves one
/// or the other and a v1 manifest sent to a v2beta1 cluster gets "no matches for kind".
enum APIVersionHint {
    static func message(for version: String, spec: JSONObject) -> String {
        let target = MPIJobValidator.apiVersion
        guard let retired = ["kubeflow.org/v1", "kubeflow.org/v1alpha2", "kubeflow.org/v1alpha1"].first(where: { $0 == version })
        else {
            if version.hasPrefix("kubeflow.org/") {
                return "MPIJob is served only as \(target)"
            }
            return "an MPIJob's apiVersion must be \(target)"
        }
        var steps = ["set apiVersion: \(target)"]

        if retired == "kubeflow.org/v1alpha1" {
            steps.append(
                "replace spec.replicas, spec.gpus, spec.processingUnits and spec.template with spec.mpiReplicaSpecs.Launcher "
                    + "(replicas: 1) and spec.mpiReplicaSpecs.Worker (replicas: N), each with its own pod template; "
                    + "GPUs go in the Worker container's resources.limits[nvidia.com/gpu]")
        }
        for field in ["cleanPodPolicy", "ttlSecondsAfterFinished", "activeDeadlineSeconds", "backoffLimit"]
        where spec[field] != nil {
            steps.append("move spec.\(field) to spec.runPolicy.\(field)")
        }
        if retired == "kubeflow.org/v1" && spec["cleanPodPolicy"] == nil {
            steps.append("cleanPodPolicy now lives in spec.runPolicy.cleanPodPolicy")
        }
        if spec["mainContainer"] != nil {
            steps.append("delete spec.mainContainer: v2beta1 removed it, the MPI container is containers[0] of each template")
        } else {
            steps.append("there is no mainContainer any more: the MPI container is containers[0] of each template")
        }
        steps.append("spec.slotsPerWorker stays at the top of spec")
        steps.append(
            "the launcher now reaches the workers over SSH instead of kubectl exec: worker images need an SSH server "
                + "(the operator runs /usr/sbin/sshd -De when a worker has no command), and spec.sshAuthMountPath "
                + "(default /root/.ssh) must suit the image's user")
        let origin =
            retired == "kubeflow.org/v1"
            ? "\(retired) MPIJobs belong to the Kubeflow training-operator; the mpi-operator removed them in v0.4.0"
            : "\(retired) was removed from the mpi-operator in v0.4.0"
        return origin + ". To convert: " + steps.joined(separator: "; ")
    }
}
