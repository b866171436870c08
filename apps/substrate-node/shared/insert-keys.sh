#!/bin/sh
# Puts this pod's session keys into the node's keystore before the node starts.
# The keys are derived from the group's seed (a Secret, never in git) with the per-pod path of
# the `substrate-gitops.io/key-path` annotation, so the bot derives the same public keys and
# registers them on chain without asking the node.
#
# Environment: SEED, POD_NAME, KEY_TYPES (`gran:ed25519,babe:sr25519,…`), KEY_PATH
# (`{pod}`, `{type}` and `{generation}` are substituted), KEY_GENERATION, CHAIN_SPEC.
set -eu

fail() { echo "insert-keys: $*" >&2; exit 1; }

[ -n "${SEED:-}" ] || fail "SEED is empty: create the Secret (and key) named by this init container's SEED secretKeyRef"
[ -n "${POD_NAME:-}" ] || fail "POD_NAME is empty: the downward API env is missing"
[ -n "${KEY_TYPES:-}" ] || fail "KEY_TYPES is empty: set the substrate-gitops.io/key-types annotation on the pod template"
[ -n "${CHAIN_SPEC:-}" ] || fail "CHAIN_SPEC is empty: the network's chain-spec ConfigMap is missing"
KEY_PATH="${KEY_PATH:-//{pod}//{type}//g{generation}}"
KEY_GENERATION="${KEY_GENERATION:-1}"
BASE_PATH="${BASE_PATH:-/data}"

# The init container runs the node's own image: whichever node binary it ships.
if [ -z "${NODE_BINARY:-}" ]; then
  for candidate in polkadot-parachain polkadot; do
    if command -v "$candidate" >/dev/null 2>&1; then NODE_BINARY="$candidate"; break; fi
  done
fi
[ -n "${NODE_BINARY:-}" ] || fail "no node binary (polkadot-parachain, polkadot) in this image; set NODE_BINARY"

# Only the current generation may sign: a rotation must not leave the old keys in the keystore.
for keystore in "$BASE_PATH"/chains/*/keystore; do
  if [ -d "$keystore" ]; then
    find "$keystore" -mindepth 1 -delete
  fi
done

# The secret URI goes through a memory-backed file, not the command line (visible in `ps`).
umask 077
suri_file="$(mktemp /tmp/suri.XXXXXX)"
trap 'rm -f "$suri_file"' EXIT

old_ifs="$IFS"
IFS=','
for entry in $KEY_TYPES; do
  IFS="$old_ifs"
  type="${entry%%:*}"
  scheme="${entry#*:}"
  [ -n "$type" ] && [ "$scheme" != "$entry" ] || fail "key type '$entry' is not 'type:scheme' (annotation substrate-gitops.io/key-types)"
  path="$(printf '%s' "$KEY_PATH" | sed -e "s|{pod}|$POD_NAME|g" -e "s|{type}|$type|g" -e "s|{generation}|$KEY_GENERATION|g")"
  printf '%s%s' "$SEED" "$path" >"$suri_file"
  "$NODE_BINARY" key insert --base-path "$BASE_PATH" --chain "$CHAIN_SPEC" \
    --key-type "$type" --scheme "$scheme" --suri "$suri_file"
  echo "insert-keys: $POD_NAME $type ($scheme) inserted, generation $KEY_GENERATION"
  IFS=','
done
IFS="$old_ifs"
