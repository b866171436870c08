# METADATA
# title: Node groups declare their role
# description: |
#   SG-ROLE-001: every node group (a StatefulSet running a Substrate node) carries
#   the label substrate-gitops.io/role with one of validator, collator, bootnode,
#   rpc, full; when it also carries the annotation, the two agree.
# custom:
#   rules: [SG-ROLE-001]
package manifests.roles

import data.lib.k8s
import rego.v1

deny contains res if {
	k8s.is_node_group(input)
	not k8s.labels(input)[k8s.role_key]
	res := k8s.result("SG-ROLE-001", input, sprintf(
		"node group has no %s label — add the label (one of %s) so the bot knows what to register",
		[k8s.role_key, concat(", ", sort(k8s.roles))],
	))
}

deny contains res if {
	k8s.is_node_group(input)
	some where, values in {"label": k8s.labels(input), "annotation": k8s.annotations(input)}
	value := values[k8s.role_key]
	not value in k8s.roles
	res := k8s.result("SG-ROLE-001", input, sprintf(
		"%s %s is %q, which is not a role — use one of %s",
		[where, k8s.role_key, value, concat(", ", sort(k8s.roles))],
	))
}

deny contains res if {
	k8s.is_node_group(input)
	label := k8s.labels(input)[k8s.role_key]
	annotation := k8s.annotations(input)[k8s.role_key]
	label != annotation
	res := k8s.result("SG-ROLE-001", input, sprintf(
		"label %s is %q but the annotation says %q — make them agree",
		[k8s.role_key, label, annotation],
	))
}
