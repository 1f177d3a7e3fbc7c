#!/usr/bin/env bash
# For `make run`: makes sure a ClickHouse answers on 127.0.0.1:9000. If none
# does, it starts Debian's clickhouse-server (installing it if needed) with
# its data under ./data/clickhouse, in the background, and says how to stop
# it. Production uses a current ClickHouse (docker-compose.yml).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${LEERLIJN_LOCAL_CLICKHOUSE_PORT:-9000}
if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
  echo "local-clickhouse: a server answers on 127.0.0.1:$port; using it"
  exit 0
fi
"$root/scripts/install-clickhouse.sh"
bin=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)
dir="$root/data/clickhouse"
mkdir -p "$dir"/{data,tmp,user_files,format_schemas,log}
cat > "$dir/users.xml" <<XML
<yandex>
  <profiles><default><allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
XML
cat > "$dir/config.xml" <<XML
<yandex>
  <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/error.log</errorlog></logger>
  <tcp_port>$port</tcp_port>
  <http_port>8123</http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>536870912</mark_cache_size>
</yandex>
XML
nohup "$bin" --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1 &
echo $! >"$dir/server.pid"
for _ in $(seq 1 60); do
  if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    echo "local-clickhouse: started $bin on 127.0.0.1:$port (data in $dir; stop with: kill \$(cat $dir/server.pid))"
    exit 0
  fi
  sleep 1
done
echo "local-clickhouse: the server did not start; see $dir/log/error.log" >&2
exit 1
