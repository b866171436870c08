# METADATA
# title: Which merged changes the bot may approve on its own
# description: |
#   SG-APR-001: a change set is low-risk only when every change modifies an existing
#   resource, and every changed field is either an image bump (same repository, only
#   tag or digest changed, registry allowed for the network) or spec.replicas of an
#   rpc, full or bootnode StatefulSet. Validator and collator groups, key
#   annotations, Secrets and network.yaml are never low-risk.
#   SG-APR-002: an on-chain plan with a destructive step (deregister a validator, remove a
#   collator, offboard a parachain) is never low-risk, whatever the rendered changes are:
#   the network's owners must approve it.
#   Input: {"changes": ResourceChange[] (bot/src/diff/types.ts), "networks": {<name>: {bounds, images}},
#   "steps": [{network, description, destructive}] (the on-chain plan, optional)}.
# custom:
#   rules: [SG-APR-001, SG-APR-002]
package approval

import data.lib.images
import rego.v1

prefix := "substrate-gitops.io/"

scalable_roles := {"rpc", "full", "bootnode"}

guarded_roles := {"validator", "collator"}

default low_risk := false

low_risk if {
	count(input.changes) > 0
	count(blockers) == 0
}

# Why the change set is low-risk, or why it is not.
reasons := approvals if low_risk

reasons := blockers if not low_risk

label(change) := sprintf("%s/%s (%s)", [change.kind, change.name, change.source])

blockers contains "SG-APR-001: no changes to judge" if count(input.changes) == 0

blockers contains msg if {
	some change in input.changes
	change.change != "modified"
	msg := sprintf("SG-APR-001: %s is %s; adding or removing resources needs a review", [label(change), change.change])
}

blockers contains msg if {
	some step in object.get(input, "steps", [])
	step.destructive == true
	msg := sprintf("SG-APR-002: %s: %s takes something away from the chain; the network's owners must approve it", [step.network, step.description])
}

blockers contains msg if {
	some change in input.changes
	change.kind == "Secret"
	msg := sprintf("SG-APR-001: %s is a Secret; Secret changes need a review", [label(change)])
}

blockers contains msg if {
	some change in input.changes
	change.kind == "Network"
	msg := sprintf("SG-APR-001: %s changes network.yaml (chain-level facts such as sudo or parachains); it needs a review", [label(change)])
}

blockers contains msg if {
	some change in input.changes
	change.role in guarded_roles
	msg := sprintf("SG-APR-001: %s is a %s group; changes to it act on chain and need a review", [label(change), change.role])
}

blockers contains msg if {
	some change in input.changes
	some field in change.fields
	contains(field.path, prefix)
	msg := sprintf("SG-APR-001: %s changes %s (node intent: keys, role or network); it needs a review", [label(change), field.path])
}

blockers contains msg if {
	some change in input.changes
	change.change == "modified"
	some field in change.fields
	not contains(field.path, prefix)
	not image_bump(change, field)
	not scalable_replicas(change, field)
	msg := sprintf("SG-APR-001: %s changes %s, which is neither an image bump nor rpc/full/bootnode replicas; it needs a review", [label(change), field.path])
}

blockers contains msg if {
	some change in input.changes
	change.change == "modified"
	count(change.fields) == 0
	msg := sprintf("SG-APR-001: %s changed without field-level detail; it needs a review", [label(change)])
}

image_field(path) if regex.match(`(^|\.)(initContainers|containers)\[[^\]]+\]\.image$`, path)

allowed_registry(change, image) if {
	entries := object.get(input.networks, [object.get(change, "network", ""), "images", "allowedRegistries"], [])
	count(entries) == 0
}

allowed_registry(change, image) if {
	entries := input.networks[change.network].images.allowedRegistries
	images.allowed(image, entries)
}

image_bump(change, field) if {
	image_field(field.path)
	is_string(field.before)
	is_string(field.after)
	field.before != field.after
	images.repository(field.before) == images.repository(field.after)
	images.pinned(field.after)
	allowed_registry(change, field.after)
}

scalable_replicas(change, field) if {
	change.kind == "StatefulSet"
	field.path == "spec.replicas"
	change.role in scalable_roles
}

approvals contains msg if {
	some change in input.changes
	some field in change.fields
	image_bump(change, field)
	msg := sprintf("%s: image bump %s → %s", [label(change), field.before, field.after])
}

approvals contains msg if {
	some change in input.changes
	some field in change.fields
	scalable_replicas(change, field)
	msg := sprintf("%s: %s replicas %v → %v", [label(change), change.role, field.before, field.after])
}
