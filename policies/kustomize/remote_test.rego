package kustomize.remote_test

import data.kustomize.remote
import rego.v1

test_local_paths_pass if {
	count(remote.deny) == 0 with input as {"resources": ["../../apps/substrate-node", "validators.yaml"], "components": ["../../apps/substrate-node/components/rpc"]}
}

test_remote_entries_denied if {
	entries := [
		"https://github.com/org/repo//base?ref=v1",
		"git@github.com:org/repo.git",
		"github.com/org/repo/base",
		"../base?ref=main",
		"git::https://example.com/repo.git",
	]
	count(remote.deny) == count(entries) with input as {"resources": entries}
}

test_components_and_bases_checked if {
	{r.field | some r in remote.deny} == {"components", "bases"} with input as {"components": ["https://x.example/c"], "bases": ["github.com/org/b"]}
}
