# METADATA
# title: Each node's advertised p2p address exists, and no p2p Service outlives its pod
# description: |
#   SG-P2P-001: a node group whose nodes advertise `--public-addr=/dns/$(POD_NAME)-p2p…` needs,
#   for every replica i, a Service in its namespace selecting
#   `statefulset.kubernetes.io/pod-name: <group>-<i>`. Kustomize cannot loop over replicas, so
#   networks/<name>/p2p-services.yaml lists them by hand: a replicas change must touch it too.
#   SG-P2P-002 (warning): a Service selecting `<group>-<i>` where i is beyond the group's replicas.
# custom:
#   rules: [SG-P2P-001, SG-P2P-002]
package manifests.p2p

import data.lib.k8s
import rego.v1

pod_name_key := "statefulset.kubernetes.io/pod-name"

replicas(obj) := object.get(obj.spec, "replicas", 1)

advertises_pod_service(obj) if {
	some c in k8s.containers(obj)
	some arg in k8s.command_line(c)
	startswith(arg, "--public-addr")
	contains(arg, "$(POD_NAME)-p2p")
}

selected_pods(ns) := {pod |
	some s in data.services
	s.namespace == ns
	pod := s.selector[pod_name_key]
}

pod_names(obj) := [sprintf("%s-%d", [k8s.name(obj), i]) | some i in numbers.range(0, replicas(obj) - 1)]

deny contains res if {
	k8s.is_node_group(input)
	advertises_pod_service(input)
	replicas(input) > 0
	have := selected_pods(k8s.namespace(input))
	missing := [pod | some pod in pod_names(input); not pod in have]
	count(missing) > 0
	res := k8s.result_replicas("SG-P2P-001", input, sprintf(
		"%v replicas, but no Service selects pod %s: each node advertises `<pod>-p2p` as its address — add one Service per pod (networks/%s/p2p-services.yaml)",
		[replicas(input), concat(", ", missing), k8s.network(input)],
	), replicas(input))
}

warn contains res if {
	input.kind == "Service"
	pod := input.spec.selector[pod_name_key]
	some w in data.workloads
	w.kind == "StatefulSet"
	w.namespace == k8s.namespace(input)
	prefix := sprintf("%s-", [w.name])
	startswith(pod, prefix)
	suffix := substring(pod, count(prefix), -1)
	regex.match(`^[0-9]+$`, suffix)
	to_number(suffix) >= object.get(w, "replicas", 1)
	res := k8s.result("SG-P2P-002", input, sprintf(
		"selects pod %s, but StatefulSet %s has %v replicas: remove this Service, or raise the replicas",
		[pod, w.name, object.get(w, "replicas", 1)],
	))
}
