package manifests.images_test

import data.manifests.fixtures_test as f
import data.manifests.images
import rego.v1

test_pinned_allowed_image_passes if {
	count(images.deny) == 0 with input as f.validators with data.networks as f.networks
}

test_latest_denied if {
	obj := f.with_container(f.validators, object.union(f.node_container, {"image": "docker.io/parity/polkadot:latest"}))
	f.rules(images.deny) == {"SG-IMG-001"} with input as obj with data.networks as f.networks
}

test_untagged_denied if {
	obj := f.with_container(f.validators, object.union(f.node_container, {"image": "parity/polkadot"}))
	"SG-IMG-001" in f.rules(images.deny) with input as obj with data.networks as f.networks
}

test_digest_accepted if {
	obj := f.with_container(f.validators, object.union(f.node_container, {"image": "docker.io/parity/polkadot@sha256:0123"}))
	count(images.deny) == 0 with input as obj with data.networks as f.networks
}

test_registry_outside_allow_list_denied if {
	obj := f.with_container(f.validators, object.union(f.node_container, {"image": "ghcr.io/someone/polkadot:v1"}))
	f.rules(images.deny) == {"SG-IMG-002"} with input as obj with data.networks as f.networks
}

test_no_allow_list_means_any_registry if {
	obj := f.with_container(f.validators, object.union(f.node_container, {"image": "ghcr.io/someone/polkadot:v1"}))
	count(images.deny) == 0 with input as obj with data.networks as {}
}

test_message_names_resource_and_rule if {
	obj := f.with_container(f.validators, object.union(f.node_container, {"image": "parity/polkadot"}))
	some r in images.deny with input as obj with data.networks as f.networks
	startswith(r.msg, "SG-IMG-001: StatefulSet/validator-nodes: ")
	r.name == "validator-nodes"
	r.namespace == "net1"
}

# The image rides along, so the finding can point at the kustomization `images:` entry that set it.
test_result_names_the_image_and_its_offending_part if {
	obj := f.with_container(f.validators, object.union(f.node_container, {"image": "docker.io/parity/polkadot:latest"}))
	some r in images.deny with input as obj with data.networks as f.networks
	r.image == "docker.io/parity/polkadot:latest"
	r.image_part == "tag"
	other := f.with_container(f.validators, object.union(f.node_container, {"image": "ghcr.io/someone/polkadot:v1"}))
	some s in images.deny with input as other with data.networks as f.networks
	s.image_part == "name"
}
