# METADATA
# title: Node keys and seeds come only from Secrets
# description: |
#   SG-KEY-001: no `--node-key <hex>` on a command line (it would live in git and in
#   the process list); use --node-key-file on a mounted Secret.
#   SG-KEY-002: `--node-key-file` points into a volume mounted from a Secret.
#   SG-KEY-003: environment variables carrying seeds, mnemonics or keys take their
#   value from a Secret (valueFrom.secretKeyRef), never a literal `value`.
# custom:
#   rules: [SG-KEY-001, SG-KEY-002, SG-KEY-003]
package manifests.keys

import data.lib.k8s
import rego.v1

deny contains res if {
	some c in k8s.containers(input)
	value := k8s.flag_value(c, "--node-key")
	not from_secret_env(c, value)
	res := k8s.result("SG-KEY-001", input, sprintf(
		"container %q passes the node key literally (--node-key) — store it in a Secret, mount it, and use --node-key-file",
		[c.name],
	))
}

# `--node-key $(NODE_KEY)` where NODE_KEY comes from a Secret keeps the key out of git.
from_secret_env(c, value) if {
	some env in c.env
	value == sprintf("$(%s)", [env.name])
	env.valueFrom.secretKeyRef
}

# Volumes whose files come from a Secret (directly or projected).
secret_volumes(obj) := {v.name |
	some v in k8s.pod_spec(obj).volumes
	from_secret(v)
}

from_secret(volume) if volume.secret

from_secret(volume) if {
	some source in volume.projected.sources
	source.secret
}

in_secret_mount(obj, c, path) if {
	some mount in c.volumeMounts
	mount.name in secret_volumes(obj)
	startswith(path, sprintf("%s/", [trim_suffix(mount.mountPath, "/")]))
}

deny contains res if {
	some c in k8s.containers(input)
	path := k8s.flag_value(c, "--node-key-file")
	not in_secret_mount(input, c, path)
	res := k8s.result("SG-KEY-002", input, sprintf(
		"container %q reads its node key from %q, which is not inside a volume mounted from a Secret — mount the node-key Secret and point --node-key-file into it",
		[c.name, path],
	))
}

secret_env_name := `(?i)(seed|mnemonic|suri|secret_?phrase|node_?key|private_?key)`

deny contains res if {
	some c in k8s.containers(input)
	some env in c.env
	regex.match(secret_env_name, env.name)
	object.get(env, "value", null) != null
	res := k8s.result("SG-KEY-003", input, sprintf(
		"container %q sets %s from a literal value — take it from a Secret with valueFrom.secretKeyRef",
		[c.name, env.name],
	))
}
