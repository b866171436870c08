package manifests.resources_test

import data.manifests.fixtures_test as f
import data.manifests.resources
import rego.v1

test_complete_resources_pass if {
	count(resources.deny) == 0 with input as f.validators
	count(resources.warn) == 0 with input as f.validators
}

test_missing_limits_denied if {
	obj := f.with_container(f.validators, f.set_field(f.node_container, "resources", {"requests": {"cpu": "1", "memory": "1Gi"}}))
	some r in resources.deny with input as obj
	r.rule == "SG-RES-001"
	contains(r.msg, "resources.limits.cpu, resources.limits.memory")
}

test_no_resources_denied if {
	obj := f.with_container(f.validators, object.remove(f.node_container, ["resources"]))
	count(resources.deny) == 1 with input as obj
}

test_other_workloads_not_judged if {
	deployment := {"kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1"}]}}}}
	count(resources.deny) == 0 with input as deployment
}

test_memory_limit_above_request_warns if {
	obj := f.with_container(f.validators, f.set_field(f.node_container, "resources", {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "2Gi"}}))
	{r.rule | some r in resources.warn} == {"SG-RES-101"} with input as obj
	count(resources.deny) == 0 with input as obj
}
