# METADATA
# title: Kustomizations use no remote bases
# description: |
#   SG-KUS-001: resources, components and bases of a kustomization.yaml are paths
#   inside this repository, never URLs, git remotes or `?ref=` references: what is
#   reviewed here must be what is applied.
# custom:
#   rules: [SG-KUS-001]
package kustomize.remote

import rego.v1

fields := ["resources", "components", "bases"]

remote(entry) if regex.match(`^[A-Za-z][A-Za-z0-9+.-]*://`, entry)

remote(entry) if startswith(entry, "git@")

remote(entry) if startswith(entry, "git::")

remote(entry) if regex.match(`^(www\.)?(github\.com|gitlab\.com|bitbucket\.org)/`, entry)

remote(entry) if contains(entry, "?ref=")

deny contains res if {
	some field in fields
	some entry in object.get(input, field, [])
	is_string(entry)
	remote(entry)
	res := {
		"msg": sprintf("SG-KUS-001: %s entry %q is remote — vendor it into apps/ and refer to it by a relative path", [field, entry]),
		"rule": "SG-KUS-001",
		"field": field,
		"entry": entry,
	}
}
