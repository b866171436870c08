package manifests.roles_test

import data.manifests.fixtures_test as f
import data.manifests.roles
import rego.v1

test_declared_role_passes if {
	count(roles.deny) == 0 with input as f.validators
}

test_missing_role_label_denied if {
	obj := json.patch(f.validators, [
		{"op": "remove", "path": "/metadata/labels/substrate-gitops.io~1role"},
		{"op": "remove", "path": "/metadata/annotations/substrate-gitops.io~1role"},
	])
	f.rules(roles.deny) == {"SG-ROLE-001"} with input as obj
}

test_invalid_role_denied if {
	obj := f.group("sentry", 1, f.node_container)
	count(roles.deny) == 2 with input as obj
}

test_label_and_annotation_disagree_denied if {
	obj := json.patch(f.validators, [{"op": "replace", "path": "/metadata/annotations/substrate-gitops.io~1role", "value": "rpc"}])
	some r in roles.deny with input as obj
	contains(r.msg, "make them agree")
}

test_non_node_statefulset_ignored if {
	db := {"kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"template": {"spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}}}}
	count(roles.deny) == 0 with input as db
}
