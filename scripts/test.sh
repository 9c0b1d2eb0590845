#!/usr/bin/env bash
# Runs the test suites the way CI does: installs what is missing, starts a private RabbitMQ
# node and Azurite (loopback, free ports, a temporary folder), points the integration tests at
# them through IMAGEPIPE_TEST_* variables, runs `dotnet test` on each project, stops both
# services whatever happens, and ends with the line "N passed, N failed".
#
# Usage: scripts/test.sh [test project ...]
#   Default: tests/ImagePipeline.UnitTests tests/ImagePipeline.IntegrationTests
#   Extra `dotnet test` arguments go in DOTNET_TEST_ARGS, e.g. DOTNET_TEST_ARGS='--filter Storage'.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/local-services.sh
source "$repo/scripts/lib/local-services.sh"
if [[ $# -gt 0 ]]; then
  projects=("$@")
else
  projects=("$repo/tests/ImagePipeline.UnitTests" "$repo/tests/ImagePipeline.IntegrationTests")
fi

"$repo/scripts/install-prerequisites.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/imagepipe-test.XXXXXX")"
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  stop_local_services "$work"
  rm -rf "$work"
}
trap cleanup EXIT

start_local_services "$work"

export IMAGEPIPE_TEST_BLOB_CONNECTION="$AZURITE_BLOB_CONNECTION"
export IMAGEPIPE_TEST_RABBITMQ_HOST="$RABBITMQ_HOST"
export IMAGEPIPE_TEST_RABBITMQ_PORT="$RABBITMQ_PORT"
export IMAGEPIPE_TEST_RABBITMQ_USER="$RABBITMQ_USER"
export IMAGEPIPE_TEST_RABBITMQ_PASSWORD="$RABBITMQ_PASSWORD"
export IMAGEPIPE_TEST_RABBITMQ_MANAGEMENT_PORT="$RABBITMQ_MANAGEMENT_PORT"
# The fault-injection tests stop and restart both services through the same scripts and folders.
export IMAGEPIPE_TEST_RABBITMQ_DATA_DIR="$work/rabbitmq"
export IMAGEPIPE_TEST_AZURITE_DATA_DIR="$work/azurite"

# The load test (thousands of images) runs only when asked for: IMAGEPIPE_LOAD_IMAGES=5000.
filter=()
if [[ -z "${IMAGEPIPE_LOAD_IMAGES:-}" && "${DOTNET_TEST_ARGS:-}" != *--filter* ]]; then
  filter=(--filter "Category!=Load")
fi
# A test running longer than this is taken for hung and killed. The load test runs for tens of
# minutes by design; IMAGEPIPE_TEST_HANG_TIMEOUT overrides either default.
hang_timeout="${IMAGEPIPE_TEST_HANG_TIMEOUT:-15m}"
if [[ -n "${IMAGEPIPE_LOAD_IMAGES:-}" && -z "${IMAGEPIPE_TEST_HANG_TIMEOUT:-}" ]]; then
  hang_timeout=120m
fi

status=0
for project in "${projects[@]}"; do
  # shellcheck disable=SC2086 # DOTNET_TEST_ARGS is split on purpose
  dotnet test "$project" --nologo --results-directory "$work/results" \
    --logger "trx;LogFilePrefix=$(basename "$project")" \
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none "${filter[@]}" ${DOTNET_TEST_ARGS:-} || status=1
done

# dotnet test prints no one-line total across projects: add up the TRX counters.
count() {
  cat "$work"/results/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' \
    | awk '{ sum += $1 } END { print sum + 0 }'
}
passed="$(count passed)"
failed=$(($(count failed) + $(count error) + $(count timeout) + $(count aborted)))
for project in "${projects[@]}"; do
  # A project that wrote no results (a build that failed, a test host killed) ran nothing: never report that as green.
  if ! compgen -G "$work/results/$(basename "$project")*.trx" > /dev/null; then
    echo "$(basename "$project"): no test results" >&2
    status=1
  fi
done
if ((status != 0 && failed == 0)); then
  failed=1 # a project did not build or its test host crashed: never report that as green
fi
echo "$passed passed, $failed failed"
exit "$status"
