#!/usr/bin/env bash
# Builds the Brook image from the distribution in cli/target (brook.jar + lib/), building that
# first with Maven when it is missing (REBUILD=1 rebuilds it anyway).
#   docker/build-image.sh [TAG]                                    # default tag: brook:local
#   BASE_IMAGE=brook/jre17-base:local docker/build-image.sh        # another base (default: the Dockerfile's)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TAG=${1:-brook:local}

if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$ROOT/cli/target/brook.jar" ] || [ ! -d "$ROOT/cli/target/lib" ]; then
  echo "build-image: building the distribution (mvn -B -q -DskipTests package -pl cli -am)..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl cli -am)
fi

# The context holds only what the Dockerfile copies: the repository also holds data and build output.
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/cli/target" "$ctx/docker"
cp -r "$ROOT/cli/target/brook.jar" "$ROOT/cli/target/lib" "$ctx/cli/target/"
cp "$ROOT/docker/Dockerfile" "$ROOT/docker/brook" "$ROOT/docker/brook-healthcheck" "$ctx/docker/"

args=(-f "$ctx/docker/Dockerfile" -t "$TAG")
if [ -n "${BASE_IMAGE:-}" ]; then
  args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
fi
docker build "${args[@]}" "$ctx"
echo "build-image: built $TAG${BASE_IMAGE:+ on $BASE_IMAGE}" >&2
