# Parsing container image references: [registry/]repository[:tag][@digest].
package lib.images

import rego.v1

default_registry := "docker.io"

digest(image) := d if {
	parts := split(image, "@")
	count(parts) == 2
	d := parts[1]
} else := ""

# The reference without its digest.
named(image) := split(image, "@")[0]

# A tag is what follows the last colon of the last path element.
tag(image) := t if {
	last := last_element(named(image))
	contains(last, ":")
	parts := split(last, ":")
	t := parts[count(parts) - 1]
} else := ""

last_element(ref) := parts[count(parts) - 1] if parts := split(ref, "/")

# The first element is a registry when it looks like a host (has a dot or a port, or is localhost).
registry(image) := r if {
	parts := split(named(image), "/")
	count(parts) > 1
	first := parts[0]
	host_like(first)
	r := first
} else := default_registry

host_like(s) if contains(s, ".")

host_like(s) if contains(s, ":")

host_like("localhost")

# registry/repository without tag or digest, e.g. `docker.io/parity/polkadot`.
repository(image) := concat("/", array.concat([registry(image)], path_parts(untagged(image))))

untagged(image) := trim_suffix(named(image), sprintf(":%s", [tag(image)])) if {
	tag(image) != ""
} else := named(image)

# The path elements after the registry.
path_parts(ref) := array.slice(parts, 1, count(parts)) if {
	parts := split(ref, "/")
	count(parts) > 1
	host_like(parts[0])
} else := split(ref, "/")

pinned(image) if digest(image) != ""

pinned(image) if {
	t := tag(image)
	t != ""
	t != "latest"
}

# Allowed entries name a registry (`docker.io`) or a registry and path prefix (`docker.io/parity`).
allowed(image, entries) if {
	some entry in entries
	registry(image) == entry
}

allowed(image, entries) if {
	some entry in entries
	startswith(repository(image), sprintf("%s/", [trim_suffix(entry, "/")]))
}
