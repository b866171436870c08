package approval_test

import data.approval
import rego.v1

networks := {"net1": {"images": {"allowedRegistries": ["docker.io/parity"]}}}

change(kind, name, role, fields) := {
	"source": "networks/net1",
	"network": "net1",
	"apiVersion": "apps/v1",
	"kind": kind,
	"name": name,
	"change": "modified",
	"role": role,
	"fields": fields,
	"unified": "",
}

image_path := "spec.template.spec.containers[name=node].image"

bump(before, after) := {"path": image_path, "before": before, "after": after}

replicas(before, after) := {"path": "spec.replicas", "before": before, "after": after}

judge(changes) := {"low_risk": low, "reasons": reasons} if {
	low := approval.low_risk with input as {"changes": changes, "networks": networks}
	reasons := approval.reasons with input as {"changes": changes, "networks": networks}
}

test_image_tag_bump_is_low_risk if {
	v := judge([change("StatefulSet", "rpc-nodes", "rpc", [bump("parity/polkadot:v1.15.0", "parity/polkadot:v1.16.0")])])
	v.low_risk
	some reason in v.reasons
	contains(reason, "image bump parity/polkadot:v1.15.0 → parity/polkadot:v1.16.0")
}

test_validator_image_bump_is_not_low_risk if {
	v := judge([change("StatefulSet", "validators", "validator", [bump("parity/polkadot:v1.15.0", "parity/polkadot:v1.16.0")])])
	not v.low_risk
}

test_digest_bump_is_low_risk if {
	v := judge([change("StatefulSet", "rpc-nodes", "full", [bump("parity/polkadot@sha256:aa", "parity/polkadot@sha256:bb")])])
	v.low_risk
}

test_repository_change_is_not_low_risk if {
	v := judge([change("StatefulSet", "rpc-nodes", "rpc", [bump("parity/polkadot:v1", "parity/polkadot-parachain:v1")])])
	not v.low_risk
}

test_registry_not_allowed_is_not_low_risk if {
	v := judge([change("StatefulSet", "rpc-nodes", "rpc", [bump("evil.example/parity/polkadot:v1", "evil.example/parity/polkadot:v2")])])
	not v.low_risk
}

test_bump_to_latest_is_not_low_risk if {
	v := judge([change("StatefulSet", "rpc-nodes", "rpc", [bump("parity/polkadot:v1", "parity/polkadot:latest")])])
	not v.low_risk
}

test_rpc_replicas_are_low_risk if {
	v := judge([change("StatefulSet", "rpc-nodes", "rpc", [replicas(2, 4)])])
	v.low_risk
	v.reasons == {"StatefulSet/rpc-nodes (networks/net1): rpc replicas 2 → 4"}
}

test_validator_replicas_are_not_low_risk if {
	v := judge([change("StatefulSet", "validators", "validator", [replicas(3, 4)])])
	not v.low_risk
	some reason in v.reasons
	contains(reason, "validator group")
}

test_collator_replicas_are_not_low_risk if {
	v := judge([change("StatefulSet", "collators", "collator", [replicas(3, 4)])])
	not v.low_risk
}

test_key_annotation_is_not_low_risk if {
	path := "metadata.annotations.substrate-gitops.io/key-generation"
	v := judge([change("StatefulSet", "rpc-nodes", "rpc", [{"path": path, "before": "1", "after": "2"}])])
	not v.low_risk
}

test_secret_is_not_low_risk if {
	v := judge([object.union(change("Secret", "seed", null, [{"path": "data.seed"}]), {"apiVersion": "v1"})])
	not v.low_risk
}

test_network_yaml_is_not_low_risk if {
	v := judge([change("Network", "net1", null, [{"path": "chain.sudo", "before": false, "after": true}])])
	not v.low_risk
}

test_added_resource_is_not_low_risk if {
	v := judge([object.union(change("StatefulSet", "rpc-nodes", "rpc", []), {"change": "added"})])
	not v.low_risk
}

test_one_risky_change_spoils_the_set if {
	v := judge([
		change("StatefulSet", "rpc-nodes", "rpc", [replicas(2, 4)]),
		change("StatefulSet", "rpc-nodes", "rpc", [{"path": "spec.template.spec.containers[name=node].args[3]", "before": "--pruning=1000", "after": "--pruning=archive"}]),
	])
	not v.low_risk
	count(v.reasons) == 1
}

test_no_changes_is_not_low_risk if {
	not judge([]).low_risk
}

judge_with_steps(changes, steps) := {"low_risk": low, "reasons": reasons} if {
	low := approval.low_risk with input as {"changes": changes, "networks": networks, "steps": steps}
	reasons := approval.reasons with input as {"changes": changes, "networks": networks, "steps": steps}
}

test_destructive_step_is_not_low_risk if {
	changes := [change("StatefulSet", "rpc-nodes", "rpc", [bump("parity/polkadot:v1.15.0", "parity/polkadot:v1.16.0")])]
	v := judge_with_steps(changes, [{"network": "net1", "description": "deregister validator validator-9", "destructive": true}])
	not v.low_risk
	some reason in v.reasons
	startswith(reason, "SG-APR-002: net1: deregister validator validator-9")
}

test_constructive_steps_do_not_block_on_their_own if {
	changes := [change("StatefulSet", "rpc-nodes", "rpc", [bump("parity/polkadot:v1.15.0", "parity/polkadot:v1.16.0")])]
	v := judge_with_steps(changes, [{"network": "net1", "description": "register validator validator-10", "destructive": false}])
	v.low_risk
}
