package manifests.keys_test

import data.manifests.fixtures_test as f
import data.manifests.keys
import rego.v1

container(patch) := f.with_container(f.validators, object.union(f.node_container, patch))

test_secret_backed_keys_pass if {
	count(keys.deny) == 0 with input as f.validators
}

test_literal_node_key_denied if {
	f.rules(keys.deny) == {"SG-KEY-001"} with input as container({"args": ["--node-key", "0123abcd"]})
}

test_node_key_from_secret_env_allowed if {
	obj := container({
		"args": ["--node-key=$(NODE_KEY)"],
		"env": [{"name": "NODE_KEY", "valueFrom": {"secretKeyRef": {"name": "nk", "key": "key"}}}],
	})
	count(keys.deny) == 0 with input as obj
}

test_node_key_file_outside_secret_denied if {
	f.rules(keys.deny) == {"SG-KEY-002"} with input as container({"args": ["--node-key-file=/data/node-key"]})
}

test_node_key_file_in_config_map_denied if {
	obj := json.patch(f.validators, [{"op": "replace", "path": "/spec/template/spec/volumes/0", "value": {"name": "node-key", "configMap": {"name": "x"}}}])
	f.rules(keys.deny) == {"SG-KEY-002"} with input as obj
}

test_literal_seed_env_denied if {
	f.rules(keys.deny) == {"SG-KEY-003"} with input as container({"env": [{"name": "SEED", "value": "words that must not live in git"}]})
}

test_literal_mnemonic_env_denied if {
	f.rules(keys.deny) == {"SG-KEY-003"} with input as container({"env": [{"name": "VALIDATOR_MNEMONIC", "value": "x"}]})
}

test_harmless_env_allowed if {
	count(keys.deny) == 0 with input as container({"env": [{"name": "RUST_LOG", "value": "info"}]})
}
