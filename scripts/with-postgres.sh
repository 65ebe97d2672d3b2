#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL cluster (Debian's postgresql package):
# initdb in a temporary directory, started on a free loopback port, stopped and deleted when
# the command ends, whatever its result. The command sees:
#   LEADSGEN_TEST_POSTGRES_URL  postgres://postgres@127.0.0.1:<port>/postgres (trust auth,
#                               loopback only)
#   LEADSGEN_TEST_POSTGRES_CTL  a script: `$LEADSGEN_TEST_POSTGRES_CTL stop|start` stops or
#                               restarts that cluster (for tests of a database going away)
# Usage: scripts/with-postgres.sh <command> [args…]
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed (run scripts/setup.sh)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/leadsgen-pg.XXXXXX)
port=$("$(dirname "$0")/free-port.sh")
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
else
  as_pg=()
fi

cat > "$dir/ctl" <<CTL
#!/usr/bin/env bash
# Stops or starts the throw-away cluster in $dir.
set -euo pipefail
case "\${1:-}" in
  stop) ${as_pg[*]} "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  start) ${as_pg[*]} "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \\
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CTL
chmod 755 "$dir/ctl"

cleanup() {
  "$dir/ctl" stop 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-instructions >/dev/null
# Enough connections for the tests' parallel pools.
echo "max_connections = 300" >> "$dir/data/postgresql.conf"
"$dir/ctl" start

export LEADSGEN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
export LEADSGEN_TEST_POSTGRES_CTL="$dir/ctl"
"$@"
