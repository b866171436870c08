# Helpers over one rendered Kubernetes object (the conftest input).
package lib.k8s

import rego.v1

prefix := "substrate-gitops.io"

role_key := sprintf("%s/role", [prefix])

network_key := sprintf("%s/network", [prefix])

roles := {"validator", "collator", "bootnode", "rpc", "full"}

is_statefulset(obj) if obj.kind == "StatefulSet"

name(obj) := obj.metadata.name

namespace(obj) := object.get(obj, ["metadata", "namespace"], "")

labels(obj) := object.get(obj, ["metadata", "labels"], {})

annotations(obj) := object.get(obj, ["metadata", "annotations"], {})

# The network a resource belongs to: its network label, "" when it has none.
network(obj) := object.get(labels(obj), network_key, "")

# The role a node group declares: label first, then annotation.
role(obj) := r if {
	r := labels(obj)[role_key]
} else := r if {
	r := annotations(obj)[role_key]
}

pod_spec(obj) := obj.spec.template.spec if obj.kind in {"StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "Job"}

pod_spec(obj) := obj.spec if obj.kind == "Pod"

pod_spec(obj) := obj.spec.jobTemplate.spec.template.spec if obj.kind == "CronJob"

# Every container (init containers included) of a workload.
containers(obj) := [c |
	spec := pod_spec(obj)
	some field in ["initContainers", "containers"]
	some c in object.get(spec, field, [])
]

# The command line of a container, command and args together.
command_line(c) := array.concat(object.get(c, "command", []), object.get(c, "args", []))

# Flags a Substrate node understands and other programs hardly do.
node_flags := {"--chain", "--validator", "--collator", "--base-path", "--node-key", "--node-key-file", "--rpc-port", "--rpc-external", "--unsafe-rpc-external", "--rpc-methods", "--bootnodes", "--parachain-id"}

has_flag(c, flag) if {
	some arg in command_line(c)
	flag_name(arg) == flag
}

# `--rpc-methods=unsafe` → `--rpc-methods`.
flag_name(arg) := split(arg, "=")[0]

# Value of a flag given as `--flag=value` or `--flag value`.
flag_value(c, flag) := v if {
	some arg in command_line(c)
	startswith(arg, sprintf("%s=", [flag]))
	v := substring(arg, count(flag) + 1, -1)
}

flag_value(c, flag) := v if {
	line := command_line(c)
	some i, arg in line
	arg == flag
	v := line[i + 1]
}

image_looks_like_node(c) if regex.match(`(^|/)(polkadot|substrate|[a-z0-9-]*parachain)[a-z0-9-]*(:|@|$)`, c.image)

is_node_container(c) if image_looks_like_node(c)

is_node_container(c) if {
	some arg in command_line(c)
	flag_name(arg) in node_flags
}

# A StatefulSet is a node group when it says so (role) or runs a Substrate node.
is_node_group(obj) if {
	is_statefulset(obj)
	role(obj)
}

is_node_group(obj) if {
	is_statefulset(obj)
	some c in containers(obj)
	is_node_container(c)
}

# A structured result conftest reports with its metadata, so each message maps back
# to exactly one rendered resource.
result(rule, obj, msg) := {
	"msg": sprintf("%s: %s/%s: %s", [rule, obj.kind, name(obj), msg]),
	"rule": rule,
	"kind": obj.kind,
	"name": name(obj),
	"namespace": namespace(obj),
}

# The same, pointing at the offending value: the finding's line is the first line of the
# resource's document in its origin file that contains `at` (e.g. the image reference).
result_at(rule, obj, msg, at) := object.union(result(rule, obj, msg), {"at": at})

# The same for a container image. When the origin file does not hold the reference (a
# kustomization's `images:` rewrote it), the finding points at that `images:` entry: its
# newTag/digest for part "tag", its newName for part "name".
result_image(rule, obj, msg, image, part) := object.union(result_at(rule, obj, msg, image), {"image": image, "image_part": part})

# The same for the replica count: the finding points at the line that sets it (a patch's
# `replicas:` or a kustomization's `replicas:` entry), not at the base manifest.
result_replicas(rule, obj, msg, count) := object.union(result(rule, obj, msg), {"replicas": count})
