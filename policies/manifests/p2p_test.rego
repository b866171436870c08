package manifests.p2p_test

import data.manifests.fixtures_test as f
import data.manifests.p2p
import rego.v1

advertising := object.union(f.node_container, {"args": array.concat(f.node_container.args, ["--public-addr=/dns/$(POD_NAME)-p2p.$(POD_NAMESPACE).svc.cluster.local/tcp/30333"])})

group := f.group("validator", 3, advertising)

service(pod) := {"name": sprintf("%s-p2p", [pod]), "namespace": "net1", "type": "ClusterIP", "selector": {"statefulset.kubernetes.io/pod-name": pod}}

services(n) := [service(sprintf("validator-nodes-%d", [i])) | some i in numbers.range(0, n - 1)]

test_one_service_per_replica_passes if {
	count(p2p.deny) == 0 with input as group with data.services as services(3)
}

test_missing_service_denied_naming_the_pod if {
	some r in p2p.deny with input as group with data.services as services(2)
	r.rule == "SG-P2P-001"
	r.replicas == 3
	contains(r.msg, "validator-nodes-2")
	not contains(r.msg, "validator-nodes-1,")
}

test_service_in_another_namespace_does_not_count if {
	other := [object.union(s, {"namespace": "net2"}) | some s in services(3)]
	count(p2p.deny) == 1 with input as group with data.services as other
}

test_group_without_per_pod_address_is_not_judged if {
	count(p2p.deny) == 0 with input as f.validators with data.services as []
}

statefulset := [{"kind": "StatefulSet", "name": "validator-nodes", "namespace": "net1", "replicas": 3}]

service_object(pod) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": sprintf("%s-p2p", [pod]), "namespace": "net1"}, "spec": {"selector": {"statefulset.kubernetes.io/pod-name": pod}}}

test_service_beyond_replicas_warned if {
	some r in p2p.warn with input as service_object("validator-nodes-3") with data.workloads as statefulset
	r.rule == "SG-P2P-002"
	contains(r.msg, "3 replicas")
}

test_service_within_replicas_not_warned if {
	count(p2p.warn) == 0 with input as service_object("validator-nodes-2") with data.workloads as statefulset
}

test_other_statefulset_with_shared_prefix_not_confused if {
	count(p2p.warn) == 0 with input as service_object("validator-nodes-archive-0") with data.workloads as statefulset
}
