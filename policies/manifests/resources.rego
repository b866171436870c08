# METADATA
# title: Node groups declare their CPU and memory
# description: |
#   SG-RES-001: every container of a node group sets requests and limits for cpu
#   and memory, so a node is neither starved nor the cause of starvation.
#   SG-RES-101 (advice): a node's memory limit equals its request, so it is not
#   the first to be killed under memory pressure.
# custom:
#   rules: [SG-RES-001, SG-RES-101]
package manifests.resources

import data.lib.k8s
import rego.v1

required := ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]

missing(c) := [key |
	some key in required
	path := split(key, ".")
	object.get(c, array.concat(["resources"], path), null) == null
]

deny contains res if {
	k8s.is_node_group(input)
	some c in input.spec.template.spec.containers
	gaps := missing(c)
	count(gaps) > 0
	res := k8s.result("SG-RES-001", input, sprintf(
		"container %q has no resources.%s — set cpu and memory requests and limits on every node container",
		[c.name, concat(", resources.", gaps)],
	))
}

warn contains res if {
	k8s.is_node_group(input)
	some c in input.spec.template.spec.containers
	request := c.resources.requests.memory
	limit := c.resources.limits.memory
	units.parse_bytes(sprintf("%v", [request])) != units.parse_bytes(sprintf("%v", [limit]))
	res := k8s.result("SG-RES-101", input, sprintf(
		"container %q requests %v memory but may use %v — set the memory limit equal to the request so the node is not killed first under memory pressure",
		[c.name, request, limit],
	))
}
