package testenv

import (
	"strings"
	"testing"
)

// A config in the shape current ClickHouse packages install: <clickhouse>
// root, extra listeners, user_directories.
const currentPackagedConfig = `<?xml version="1.0"?>
<!-- comment before the root -->
<clickhouse>
    <logger>
        <level>trace</level>
        <log>/var/log/clickhouse-server/clickhouse-server.log</log>
    </logger>
    <http_port>8123</http_port>
    <tcp_port>9000</tcp_port>
    <mysql_port>9004</mysql_port>
    <postgresql_port>9005</postgresql_port>
    <interserver_http_port>9009</interserver_http_port>
    <listen_host>::</listen_host>
    <prometheus><endpoint>/metrics</endpoint><port>9363</port></prometheus>
    <max_connections>4096</max_connections>
    <path>/var/lib/clickhouse/</path>
    <tmp_path>/var/lib/clickhouse/tmp/</tmp_path>
    <user_directories>
        <users_xml><path>users.xml</path></users_xml>
        <local_directory><path>/var/lib/clickhouse/access/</path></local_directory>
    </user_directories>
    <custom_cached_disks_base_directory>/var/lib/clickhouse/caches/</custom_cached_disks_base_directory>
    <remote_servers incl="clickhouse_remote_servers" xmlns:xi="urn:x">
        <default><shard><replica><host>localhost</host><port>9000</port></replica></shard></default>
    </remote_servers>
    <query_masking_rules><rule><regexp>a &amp; b &lt; c</regexp></rule></query_masking_rules>
</clickhouse>
`

func TestRewriteConfig(t *testing.T) {
	c := chConfig{dir: "/tmp/ch", ports: chPorts{tcp: 41001, http: 41002, interserver: 41003}, id: "abc"}
	out, err := rewriteConfig([]byte(currentPackagedConfig), c)
	if err != nil {
		t.Fatalf("rewrite: %v", err)
	}
	got := string(out)
	for _, want := range []string{
		"<clickhouse>",
		"<tcp_port>41001</tcp_port>",
		"<http_port>41002</http_port>",
		"<interserver_http_port>41003</interserver_http_port>",
		"<listen_host>127.0.0.1</listen_host>",
		"<level>warning</level>",
		"<path>/tmp/ch/data/</path>",
		"<users_xml><path>/tmp/ch/users.xml</path></users_xml>",
		"<local_directory><path>/tmp/ch/data/access/</path></local_directory>",
		"<custom_cached_disks_base_directory>/tmp/ch/data/caches/</custom_cached_disks_base_directory>",
		"<max_connections>4096</max_connections>",
		`<remote_servers incl="clickhouse_remote_servers" xmlns:xi="urn:x">`,
		"<regexp>a &amp; b &lt; c</regexp>",
		"<macros><testenv_id>abc</testenv_id></macros>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rewritten config lacks %s:\n%s", want, got)
		}
	}
	for _, gone := range []string{"9004", "9005", "9363", "<listen_host>::", "/var/lib/clickhouse", "/var/log", "<users_config>", "trace", "comment"} {
		if strings.Contains(got, gone) {
			t.Errorf("rewritten config still has %s:\n%s", gone, got)
		}
	}
	if n := strings.Count(got, "<tcp_port>"); n != 1 {
		t.Errorf("rewritten config has %d tcp_port elements, want 1", n)
	}
}

func TestUsersConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		legacy bool
		want   bool
	}{
		{"Legacy", true, true},
		{"Current", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Contains(string(usersConfig(chConfig{legacy: tc.legacy})), "allow_experimental_low_cardinality_type")
			if got != tc.want {
				t.Errorf("users.xml sets allow_experimental_low_cardinality_type: %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		in           string
		major, minor int
		ok           bool
	}{
		{"ClickHouse server version 24.8.4.13 (official build).", 24, 8, true},
		{" 18.16.1+ds-7.3+b2", 18, 16, true},
		{"Unknown option specified: version", 0, 0, false},
	} {
		major, minor, ok := parseVersion(tc.in)
		if major != tc.major || minor != tc.minor || ok != tc.ok {
			t.Errorf("parseVersion(%q) = %d, %d, %v; want %d, %d, %v", tc.in, major, minor, ok, tc.major, tc.minor, tc.ok)
		}
	}
}
