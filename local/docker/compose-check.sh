#!/usr/bin/env bash
# ./pipeline compose-check: proves the compose deployment by running it (see README, "Docker Compose").
#
#   1. an engine: local/docker/provision-engine.sh installs Debian's docker.io and Compose v2 where
#      they are missing (root and apt) and starts dockerd when none answers; without one: FAIL, exit 1;
#   2. images: the real base images (eclipse-temurin, apache/kafka) where they can be pulled, else
#      the stand-ins from local/docker/build-base-images.sh (cached); the services' jars are the
#      ones built on the host (JARS=host) unless JARS=source is set. KAFKA_IMAGE, JRE_IMAGE,
#      JDK_IMAGE and JARS set by the caller are used as they are;
#   3. `pipeline compose-check` (the CLI): build, up --wait, two runs checked against the
#      generator, one with a fetcher killed mid-run, then a third on a fresh stack with the
#      object-store profile (two processors, the report in S3Mock's bucket), down -v.
# A dockerd it started is stopped at the end (also on failure or Ctrl-C) unless --keep-engine.
# The last line is the verdict. The CLI's options (--products, --timeout, --no-build) pass through.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=local/docker/lib.sh
. "$HERE/lib.sh"
CLI_JAR="$ROOT/local/cli/target/pipeline-cli.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

keep_engine=false
args=()
for arg in "$@"; do
  case "$arg" in
    --keep-engine) keep_engine=true ;;
    *) args+=("$arg") ;;
  esac
done

fail() {
  echo "compose-check: FAIL — $*"
  exit 1
}

started=$SECONDS
if ! engine="$("$HERE/provision-engine.sh" | tail -n 1)"; then
  fail "no Docker engine here: ${engine#engine: }"
fi
engine_started=false
if [[ "$engine" == "engine: started"* ]]; then engine_started=true; fi
stop_engine() {
  if [ "$engine_started" = true ] && [ "$keep_engine" = false ]; then
    # Quietly, so that the verdict stays the last line; its pid and log are in .pipeline/docker/.
    "$HERE/provision-engine.sh" --stop >>"$ROOT/.pipeline/docker/engine-stop.log" 2>&1 || true
  fi
}
trap stop_engine EXIT
echo "provisioning: $((SECONDS - started)) s (${engine})" >&2

DOCKER="$(docker_cli)"
pullable() {
  image_exists "$1" || timeout 300 "$DOCKER" pull -q "$1" >/dev/null 2>&1
}
if [ -z "${KAFKA_IMAGE:-}" ] && [ -z "${JRE_IMAGE:-}" ]; then
  started=$SECONDS
  if pullable eclipse-temurin:21-jre && pullable apache/kafka:4.2.1; then
    echo "base images: eclipse-temurin:21-jre and apache/kafka:4.2.1" >&2
  else
    echo "base images: Docker Hub is out of reach; the stand-ins (local/docker/build-base-images.sh)" >&2
    images="$("$HERE/build-base-images.sh")" || fail "the stand-in base images could not be built"
    eval "$images"
    export JRE_IMAGE KAFKA_IMAGE
  fi
  echo "base images: $((SECONDS - started)) s (JRE_IMAGE=${JRE_IMAGE:-default}, KAFKA_IMAGE=${KAFKA_IMAGE:-default})" >&2
fi
export JARS="${JARS:-host}"
export DOCKER_BUILDKIT=1

[ -f "$CLI_JAR" ] || fail "no $CLI_JAR: build first (./pipeline build)"
"$JAVA" -Dpipeline.home="$ROOT" -jar "$CLI_JAR" compose-check ${args[@]+"${args[@]}"}
