#!/bin/sh
# install-clickhouse.sh makes sure the tests can start their own throwaway
# clickhouse-server (internal/testenv): it installs Debian's clickhouse-server
# package when no server is installed and CLICKHOUSE_ADDR names none. The
# package's system service is not started and not left running. Safe to run
# again: it does nothing when a server is already there.
set -eu

if [ -n "${CLICKHOUSE_ADDR:-}" ]; then
	echo "CLICKHOUSE_ADDR=$CLICKHOUSE_ADDR is set: the tests use that server, nothing to install"
	exit 0
fi
for bin in /usr/sbin/clickhouse-server clickhouse-server clickhouse; do
	if path=$(command -v "$bin" 2>/dev/null); then
		echo "clickhouse-server is already installed ($path)"
		exit 0
	fi
done

echo "installing Debian's clickhouse-server (tests start their own throwaway server; the system service is not started)"

sudo=
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "install-clickhouse.sh: need root or sudo to run apt-get; or set CLICKHOUSE_ADDR=host:port" >&2
		exit 1
	fi
	sudo=sudo
fi

# A policy-rc.d that answers 101 stops the package's maintainer scripts from
# starting the service. Put one in place only if there is none, and remove
# only our own.
policy=/usr/sbin/policy-rc.d
own_policy=
if [ ! -e "$policy" ]; then
	$sudo sh -c "printf '#!/bin/sh\n# written by install-clickhouse.sh\nexit 101\n' > $policy && chmod 755 $policy"
	own_policy=1
fi
cleanup() {
	if [ -n "$own_policy" ]; then
		$sudo rm -f "$policy"
	fi
}
trap cleanup EXIT

apt_install() {
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clickhouse-server
}
if ! apt_install; then
	echo "apt-get install failed; updating the package index and trying again"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
	apt_install
fi

# Belt and braces: if the service runs anyway (a policy-rc.d that was
# already there may allow it), stop it. The tests start their own server.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet clickhouse-server 2>/dev/null; then
	$sudo systemctl stop clickhouse-server
	echo "stopped the clickhouse-server system service"
elif command -v service >/dev/null 2>&1 && service clickhouse-server status >/dev/null 2>&1; then
	$sudo service clickhouse-server stop
	echo "stopped the clickhouse-server system service"
fi

echo "clickhouse-server installed ($(command -v clickhouse-server || echo /usr/sbin/clickhouse-server))"
