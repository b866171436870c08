package manifests.bounds_test

import data.manifests.bounds
import data.manifests.fixtures_test as f
import rego.v1

test_within_bounds_passes if {
	count(bounds.deny) == 0 with input as f.validators with data.networks as f.networks
}

test_above_max_denied if {
	some r in bounds.deny with input as f.group("validator", 5, f.node_container) with data.networks as f.networks
	r.rule == "SG-BND-001"
	contains(r.msg, "max 4")
	r.replicas == 5
}

test_below_min_denied if {
	some r in bounds.deny with input as f.group("validator", 1, f.node_container) with data.networks as f.networks
	contains(r.msg, "min 2")
}

test_other_roles_unbounded if {
	count(bounds.deny) == 0 with input as f.group("rpc", 50, f.node_container) with data.networks as f.networks
}

test_network_without_bounds_unbounded if {
	count(bounds.deny) == 0 with input as f.group("validator", 50, f.node_container) with data.networks as {}
}
