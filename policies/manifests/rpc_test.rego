package manifests.rpc_test

import data.manifests.fixtures_test as f
import data.manifests.rpc
import rego.v1

args(list) := f.with_container(f.validators, object.union(f.node_container, {"args": list}))

test_validator_without_external_rpc_passes if {
	count(rpc.deny) == 0 with input as f.validators with data.workloads as f.workloads
}

test_external_rpc_without_safe_denied if {
	f.rules(rpc.deny) == {"SG-RPC-001"} with input as args(["--validator", "--rpc-external"]) with data.workloads as f.workloads
}

test_external_rpc_unsafe_methods_denied if {
	f.rules(rpc.deny) == {"SG-RPC-001"} with input as args(["--validator", "--unsafe-rpc-external", "--rpc-methods=unsafe"]) with data.workloads as f.workloads
}

test_external_rpc_safe_methods_allowed if {
	count(rpc.deny) == 0 with input as args(["--validator", "--rpc-external", "--rpc-methods", "safe"]) with data.workloads as f.workloads
}

test_rpc_node_may_expose_rpc if {
	obj := f.group("rpc", 2, object.union(f.node_container, {"args": ["--unsafe-rpc-external", "--rpc-methods=unsafe"]}))
	count(rpc.deny) == 0 with input as obj with data.workloads as f.workloads
}

service(type, selector) := {
	"apiVersion": "v1",
	"kind": "Service",
	"metadata": {"name": "public", "namespace": "net1"},
	"spec": {"type": type, "selector": selector, "ports": [{"name": "rpc", "port": 443, "targetPort": 9944}]},
}

test_load_balancer_on_validators_denied if {
	f.rules(rpc.deny) == {"SG-RPC-002"} with input as service("LoadBalancer", {"app": "validator-nodes"}) with data.workloads as f.workloads
}

test_node_port_on_validators_denied if {
	f.rules(rpc.deny) == {"SG-RPC-002"} with input as service("NodePort", {"app": "validator-nodes"}) with data.workloads as f.workloads
}

test_cluster_ip_on_validators_allowed if {
	count(rpc.deny) == 0 with input as service("ClusterIP", {"app": "validator-nodes"}) with data.workloads as f.workloads
}

test_load_balancer_on_rpc_nodes_allowed if {
	count(rpc.deny) == 0 with input as service("LoadBalancer", {"app": "rpc-nodes"}) with data.workloads as f.workloads
}

ingress(backend) := {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "Ingress",
	"metadata": {"name": "rpc", "namespace": "net1"},
	"spec": {"rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": backend, "port": {"number": 9944}}}}]}}]},
}

services := [
	{"name": "validators", "namespace": "net1", "selector": {"app": "validator-nodes"}},
	{"name": "rpc", "namespace": "net1", "selector": {"app": "rpc-nodes"}},
]

test_ingress_to_validators_denied if {
	f.rules(rpc.deny) == {"SG-RPC-003"} with input as ingress("validators") with data.workloads as f.workloads with data.services as services
}

test_ingress_to_rpc_nodes_allowed if {
	count(rpc.deny) == 0 with input as ingress("rpc") with data.workloads as f.workloads with data.services as services
}
