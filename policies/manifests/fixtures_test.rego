# Shared fixtures for the manifest policy tests.
package manifests.fixtures_test

import rego.v1

resources := {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}}

node_container := {
	"name": "node",
	"image": "docker.io/parity/polkadot:v1.16.0",
	"args": ["--chain=rococo-local", "--validator", "--node-key-file=/keys/node-key"],
	"resources": resources,
	"volumeMounts": [{"name": "node-key", "mountPath": "/keys"}],
	"env": [{"name": "SEED", "valueFrom": {"secretKeyRef": {"name": "seed", "key": "seed"}}}],
}

group(role, replicas, container) := {
	"apiVersion": "apps/v1",
	"kind": "StatefulSet",
	"metadata": {
		"name": sprintf("%s-nodes", [role]),
		"namespace": "net1",
		"labels": {"substrate-gitops.io/role": role, "substrate-gitops.io/network": "net1"},
		"annotations": {"substrate-gitops.io/role": role},
	},
	"spec": {
		"replicas": replicas,
		"template": {
			"metadata": {"labels": {"app": sprintf("%s-nodes", [role])}},
			"spec": {
				"containers": [container],
				"volumes": [{"name": "node-key", "secret": {"secretName": "node-key"}}],
			},
		},
	},
}

validators := group("validator", 3, node_container)

networks := {"net1": {"bounds": {"validators": {"min": 2, "max": 4}}, "images": {"allowedRegistries": ["docker.io/parity"]}}}

workloads := [{"kind": "StatefulSet", "name": "validator-nodes", "namespace": "net1", "role": "validator", "podLabels": {"app": "validator-nodes"}}]

with_container(obj, container) := json.patch(obj, [{"op": "replace", "path": "/spec/template/spec/containers/0", "value": container}])

rules(results) := {r.rule | some r in results}

# Replace one top-level field (object.union would merge nested objects).
set_field(obj, key, value) := object.union(object.remove(obj, [key]), {key: value})
