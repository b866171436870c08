# METADATA
# title: Container images are pinned and come from allowed registries
# description: |
#   SG-IMG-001: every container image names a tag (not `latest`) or a digest.
#   SG-IMG-002: when the network's network.yaml lists images.allowedRegistries,
#   every image comes from one of them.
# custom:
#   rules: [SG-IMG-001, SG-IMG-002]
package manifests.images

import data.lib.images
import data.lib.k8s
import rego.v1

deny contains res if {
	some c in k8s.containers(input)
	not images.pinned(c.image)
	res := k8s.result_image("SG-IMG-001", input, sprintf(
		"container %q uses image %q, which has no version (untagged or `latest`) — pin a version tag or a digest",
		[c.name, c.image],
	), c.image, "tag")
}

deny contains res if {
	net := k8s.network(input)
	allowed := data.networks[net].images.allowedRegistries
	count(allowed) > 0
	some c in k8s.containers(input)
	not images.allowed(c.image, allowed)
	res := k8s.result_image("SG-IMG-002", input, sprintf(
		"container %q uses image %q from registry %q, which networks/%s/network.yaml does not allow (images.allowedRegistries: %s) — use an allowed registry or add this one there",
		[c.name, c.image, images.registry(c.image), net, concat(", ", allowed)],
	), c.image, "name")
}
