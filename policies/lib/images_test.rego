package lib.images_test

import data.lib.images
import rego.v1

test_registry_defaults_to_docker_hub if {
	images.registry("parity/polkadot:v1.16.0") == "docker.io"
	images.registry("ghcr.io/paritytech/polkadot:v1") == "ghcr.io"
	images.registry("localhost:5000/node:v1") == "localhost:5000"
}

test_tag_and_digest if {
	images.tag("localhost:5000/node:v1@sha256:abc") == "v1"
	images.tag("localhost:5000/node") == ""
	images.digest("node@sha256:abc") == "sha256:abc"
}

test_repository_drops_tag_and_digest if {
	images.repository("parity/polkadot:v1.16.0") == "docker.io/parity/polkadot"
	images.repository("localhost:5000/a/node:v1@sha256:abc") == "localhost:5000/a/node"
}

test_pinned if {
	images.pinned("parity/polkadot:v1.16.0")
	images.pinned("parity/polkadot@sha256:abc")
	not images.pinned("parity/polkadot")
	not images.pinned("parity/polkadot:latest")
}

test_allowed_by_registry_or_prefix if {
	images.allowed("parity/polkadot:v1", ["docker.io"])
	images.allowed("parity/polkadot:v1", ["docker.io/parity"])
	not images.allowed("parity/polkadot:v1", ["docker.io/paritytech"])
	not images.allowed("evil.example/parity/polkadot:v1", ["docker.io"])
}
