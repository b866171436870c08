# METADATA
# title: Validator and collator groups stay within the network's bounds
# description: |
#   SG-BND-001: the replicas of a validator (or collator) group lie within
#   bounds.validators (bounds.collators) of the network's network.yaml. The
#   network is the resource's substrate-gitops.io/network label; all networks'
#   bounds arrive as data.networks.<name>.bounds.
# custom:
#   rules: [SG-BND-001]
package manifests.bounds

import data.lib.k8s
import rego.v1

bounds_key := {"validator": "validators", "collator": "collators"}

replicas(obj) := object.get(obj.spec, "replicas", 1)

deny contains res if {
	k8s.is_node_group(input)
	key := bounds_key[k8s.role(input)]
	net := k8s.network(input)
	range := data.networks[net].bounds[key]
	some limit, broken in {"min": replicas(input) < object.get(range, "min", 0), "max": replicas(input) > object.get(range, "max", replicas(input))}
	broken
	res := k8s.result_replicas("SG-BND-001", input, sprintf(
		"%v replicas is outside bounds.%s of networks/%s/network.yaml (%s %v) — change the replicas or, deliberately, the bounds",
		[replicas(input), key, net, limit, range[limit]],
	), replicas(input))
}
