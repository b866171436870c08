# METADATA
# title: Validators never expose unsafe RPC
# description: |
#   SG-RPC-001: a validator that listens for RPC on external interfaces runs with
#   `--rpc-methods=safe`.
#   SG-RPC-002: no LoadBalancer or NodePort Service exposes the RPC port of
#   validator pods.
#   SG-RPC-003: no Ingress routes to a Service that selects validator pods.
#   Which pods are validators comes from data.workloads (one entry per rendered
#   workload), because a Service alone does not say what it selects.
# custom:
#   rules: [SG-RPC-001, SG-RPC-002, SG-RPC-003]
package manifests.rpc

import data.lib.k8s
import rego.v1

external_flags := {"--rpc-external", "--unsafe-rpc-external"}

rpc_ports := {9944, 9933, 9945}

rpc_port_names := {"rpc", "ws", "rpc-ws", "http-rpc", "ws-rpc"}

rpc_methods(c) := m if {
	m := k8s.flag_value(c, "--rpc-methods")
} else := "auto (unsafe when listening externally)"

is_validator(obj) if k8s.role(obj) == "validator"

deny contains res if {
	k8s.is_node_group(input)
	is_validator(input)
	some c in k8s.containers(input)
	some arg in k8s.command_line(c)
	flag := k8s.flag_name(arg)
	flag in external_flags
	methods := rpc_methods(c)
	methods != "safe"
	res := k8s.result("SG-RPC-001", input, sprintf(
		"validator container %q listens for RPC externally (%s) with --rpc-methods %s — drop %s or add --rpc-methods=safe; operate validators through a private endpoint",
		[c.name, flag, methods, flag],
	))
}

exposes_rpc(port) if port.port in rpc_ports

exposes_rpc(port) if port.targetPort in rpc_ports

exposes_rpc(port) if port.name in rpc_port_names

exposes_rpc(port) if port.targetPort in rpc_port_names

# A selector picks a workload's pods when every selector pair is among the pod labels.
selects(selector, pod_labels) if {
	count(selector) > 0
	every key, value in selector {
		pod_labels[key] == value
	}
}

selects_validators(namespace, selector) if {
	some w in data.workloads
	w.role == "validator"
	w.namespace == namespace
	selects(selector, w.podLabels)
}

deny contains res if {
	input.kind == "Service"
	input.spec.type in {"LoadBalancer", "NodePort"}
	selects_validators(k8s.namespace(input), object.get(input.spec, "selector", {}))
	some port in input.spec.ports
	exposes_rpc(port)
	res := k8s.result("SG-RPC-002", input, sprintf(
		"%s Service exposes RPC port %v of validator pods outside the cluster — use a ClusterIP Service, or point it at rpc/full nodes instead",
		[input.spec.type, port.port],
	))
}

ingress_services(ing) := {name |
	some rule in ing.spec.rules
	some path in rule.http.paths
	name := path.backend.service.name
} | {name | name := ing.spec.defaultBackend.service.name}

deny contains res if {
	input.kind == "Ingress"
	some svc_name in ingress_services(input)
	some svc in data.services
	svc.name == svc_name
	svc.namespace == k8s.namespace(input)
	selects_validators(svc.namespace, svc.selector)
	res := k8s.result("SG-RPC-003", input, sprintf(
		"routes to Service %q, which selects validator pods — route public RPC to rpc/full nodes, never to validators",
		[svc_name],
	))
}
