#!/usr/bin/env bash
# Installs the two real Temporal servers the project runs on, by name and pinned version, into a cache
# outside the clone (so a second run on the same machine takes seconds):
#   - the Temporal CLI's dev server: Go module github.com/temporalio/cli, command cmd/temporal
#     (the real server: frontend, history, matching; SQLite persistence; Web UI);
#   - Temporal's time-skipping test server: Maven artifact io.temporal:temporal-test-server, started by
#     tools/temporal-test-server/CreditTestServer.java (our launcher: the same server, with a start time).
# Prints the two executables' paths. Needs go, mvn, javac. Usage: scripts/install-temporal-servers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# v1.5.1 is the newest CLI tag `go install` accepts: later tags carry a `replace` directive.
CLI_VERSION=v1.5.1
TOOLS_DIR=${CREDIT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/credit-cases}
BIN=$TOOLS_DIR/bin
mkdir -p "$BIN"

cli_stamp=$BIN/temporal.version
if [ ! -x "$BIN/temporal" ] || [ "$(cat "$cli_stamp" 2>/dev/null)" != "$CLI_VERSION" ]; then
  echo "installing temporal CLI $CLI_VERSION (go install; a cold build takes about 5 minutes)" >&2
  GOBIN=$BIN GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$CLI_VERSION"
  echo "$CLI_VERSION" >"$cli_stamp"
fi

pom=tools/temporal-test-server/pom.xml
launcher=tools/temporal-test-server/CreditTestServer.java
ts_dir=$TOOLS_DIR/temporal-test-server
ts_stamp=$ts_dir/stamp
want_stamp=$(cat "$pom" "$launcher" | sha256sum | cut -c1-16)
if [ ! -x "$BIN/temporal-test-server" ] || [ "$(cat "$ts_stamp" 2>/dev/null)" != "$want_stamp" ]; then
  echo "installing Temporal's time-skipping test server (Maven Central)" >&2
  rm -rf "$ts_dir"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$ts_dir/lib" >&2
  javac -d "$ts_dir/classes" -cp "$ts_dir/lib/*" "$launcher"
  cat >"$BIN/temporal-test-server" <<WRAPPER
#!/usr/bin/env bash
# Temporal's time-skipping test server: temporal-test-server <port> [initial instant, ISO 8601]
exec java -Xss1m -XX:TieredStopAtLevel=1 -cp "$ts_dir/classes:$ts_dir/lib/*" CreditTestServer "\$@"
WRAPPER
  chmod +x "$BIN/temporal-test-server"
  echo "$want_stamp" >"$ts_stamp"
fi

echo "TEMPORAL_CLI_PATH=$BIN/temporal"
echo "TEMPORAL_TEST_SERVER_PATH=$BIN/temporal-test-server"
