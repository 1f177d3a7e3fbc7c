#!/bin/sh
# install-clickhouse.sh makes sure the tests can start their own throwaway
# clickhouse-server (internal/testenv): it installs Debian's clickhouse-server
# package when no server is installed and CLICKHOUSE_ADDR names none. The
# package's system service is not started. Safe to run again: it does
# nothing when a server is already there.
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

# While the package installs, a policy-rc.d that answers 101 keeps its
# maintainer scripts (invoke-rc.d, deb-systemd-invoke) from starting the
# service. An existing policy-rc.d is set aside and put back afterwards.
policy=/usr/sbin/policy-rc.d
saved=$policy.install-clickhouse
if [ -e "$policy" ]; then
	$sudo mv "$policy" "$saved"
fi
restore_policy() {
	$sudo rm -f "$policy"
	if [ -e "$saved" ]; then
		$sudo mv "$saved" "$policy"
	fi
}
trap restore_policy EXIT
trap 'exit 1' HUP INT TERM # so that the EXIT trap runs
$sudo sh -c "printf '#!/bin/sh\n# written by install-clickhouse.sh while it installs clickhouse-server\nexit 101\n' > $policy && chmod 755 $policy"

apt_install() {
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clickhouse-server
}
if ! apt_install; then
	echo "apt-get install failed; updating the package index and trying again"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
	apt_install
fi

# Never stop "the service" by process name (service(8) or start-stop-daemon
# would kill every clickhouse-server on the machine, test servers included):
# only a systemd unit can be stopped without touching other processes.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet clickhouse-server 2>/dev/null; then
	$sudo systemctl stop clickhouse-server
	echo "stopped the clickhouse-server systemd unit"
fi

echo "clickhouse-server installed"
