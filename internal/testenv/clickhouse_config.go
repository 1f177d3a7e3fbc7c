// This file writes the throwaway ClickHouse server's config.xml and
// users.xml: a copy of the packaged config with testenv's ports, paths,
// logger and users, or a minimal config when no packaged one is installed.

package testenv

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// packagedConfig is the config.xml installed by Debian's (and ClickHouse's
// own) clickhouse-server package.
const packagedConfig = "/etc/clickhouse-server/config.xml"

// chConfig is what testenv sets in a server's config.
type chConfig struct {
	dir    string // the server's temp dir: config.xml, users.xml, data/, log/
	ports  chPorts
	id     string // served as macro testenv_id, so we know we reached our own server
	legacy bool   // pre-19.3 server: LowCardinality needs a profile setting
}

type chPorts struct{ tcp, http, interserver int }

func (c chConfig) configFile() string { return filepath.Join(c.dir, "config.xml") }
func (c chConfig) usersFile() string  { return filepath.Join(c.dir, "users.xml") }
func (c chConfig) dataDir() string    { return filepath.Join(c.dir, "data") + string(filepath.Separator) }
func (c chConfig) logDir() string     { return filepath.Join(c.dir, "log") + string(filepath.Separator) }
func (c chConfig) errorLog() string   { return filepath.Join(c.logDir(), "clickhouse-server.err.log") }
func (c chConfig) stderrLog() string  { return filepath.Join(c.logDir(), "stderr.log") }

// rootName is the config's root element: 18.x only knows <yandex>; current
// servers prefer <clickhouse>.
func (c chConfig) rootName() string {
	if c.legacy {
		return "yandex"
	}
	return "clickhouse"
}

// ownElements are the top-level elements testenv drops from the packaged
// config and writes itself.
var ownElements = map[string]bool{
	"logger": true, "listen_host": true, "timezone": true, "macros": true,
	"tcp_port": true, "http_port": true, "interserver_http_port": true,
	"path": true, "tmp_path": true, "user_files_path": true, "format_schema_path": true,
	"users_config": true, "user_directories": true,
}

// droppedElements are top-level elements that open listeners or reach out
// to other services. Every other element ending in _port goes too
// (mysql_port, postgresql_port, https_port, tcp_port_secure, grpc_port, …).
var droppedElements = map[string]bool{
	"prometheus": true, "keeper_server": true, "graphite": true, "zookeeper": true,
	"listen_try": true, "listen_reuse_port": true,
}

// readPackagedConfig returns the packaged config.xml, or nil if it is not
// installed.
func readPackagedConfig() ([]byte, error) {
	b, err := os.ReadFile(packagedConfig)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read packaged config: %w", err)
	}
	return b, nil
}

// writeServerConfig writes the server's config.xml and users.xml. src is the
// packaged config.xml, or nil for a minimal config of our own.
func writeServerConfig(c chConfig, src []byte) error {
	var config []byte
	if src == nil {
		config = minimalConfig(c)
	} else {
		var err error
		if config, err = rewriteConfig(src, c); err != nil {
			return fmt.Errorf("rewrite %s: %w", packagedConfig, err)
		}
	}
	if err := os.WriteFile(c.configFile(), config, 0o644); err != nil {
		return fmt.Errorf("write server config: %w", err)
	}
	if err := os.WriteFile(c.usersFile(), usersConfig(c), 0o644); err != nil {
		return fmt.Errorf("write server users: %w", err)
	}
	return nil
}

// rewriteConfig copies the packaged config without comments, drops the
// elements testenv sets or does not want, points every remaining path under
// /var/lib/clickhouse or /var/log/clickhouse-server into the temp dir, and
// appends testenv's own elements to the root.
func rewriteConfig(src []byte, c chConfig) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	var out bytes.Buffer
	depth := 0
	skipUntil := -1 // depth at which a dropped element ends, or -1
	userDirs := false
	space := "" // whitespace between written tokens, collapsed to the last run
	write := func(tok xml.Token) {
		out.WriteString(space)
		space = ""
		writeToken(&out, tok)
	}
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skipUntil < 0 && depth == 2 && dropElement(t.Name.Local) {
				skipUntil = depth
				userDirs = userDirs || t.Name.Local == "user_directories"
			}
		case xml.EndElement:
			if depth == 1 && skipUntil < 0 {
				out.WriteString(ownConfig(c, userDirs))
			}
			depth--
			if skipUntil > depth {
				skipUntil = -1
				continue
			}
		case xml.CharData:
			if text := string(t); strings.TrimSpace(text) == "" {
				if skipUntil < 0 {
					space = text[strings.LastIndex(text, "\n")+1:]
					if strings.Contains(text, "\n") {
						space = "\n" + space
					}
				}
				continue
			}
			tok = xml.CharData(rewritePath(string(t), c))
		case xml.Comment:
			continue
		}
		if skipUntil < 0 {
			write(tok)
		}
	}
	if depth != 0 {
		return nil, errors.New("unbalanced elements")
	}
	return out.Bytes(), nil
}

func dropElement(name string) bool {
	return ownElements[name] || droppedElements[name] || strings.HasSuffix(name, "_port")
}

// rewritePath moves a packaged path into the temp dir.
func rewritePath(s string, c chConfig) string {
	t := strings.TrimSpace(s)
	for from, to := range map[string]string{
		"/var/lib/clickhouse/":        c.dataDir(),
		"/var/log/clickhouse-server/": c.logDir(),
	} {
		if strings.HasPrefix(t, from) {
			return to + strings.TrimPrefix(t, from)
		}
	}
	return s
}

// writeToken writes one raw token back as XML.
func writeToken(out *bytes.Buffer, tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		out.WriteString("<" + qualified(t.Name))
		for _, a := range t.Attr {
			out.WriteString(" " + qualified(a.Name) + `="` + escape(a.Value) + `"`)
		}
		out.WriteString(">")
	case xml.EndElement:
		out.WriteString("</" + qualified(t.Name) + ">")
	case xml.CharData:
		out.WriteString(escape(string(t)))
	case xml.ProcInst:
		out.WriteString("<?" + t.Target + " " + string(t.Inst) + "?>")
	case xml.Directive:
		out.WriteString("<!" + string(t) + ">")
	}
}

func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

// ownConfig is testenv's part of config.xml: loopback only, its own ports,
// everything under the temp dir, warnings only, UTC as the server zone so
// that plain DateTime results do not depend on the machine, and the
// testenv_id macro.
func ownConfig(c chConfig, userDirs bool) string {
	data := c.dataDir()
	el := func(name, value string) string { return "<" + name + ">" + escape(value) + "</" + name + ">" }
	var b strings.Builder
	b.WriteString("\n    <!-- written by internal/testenv -->\n    ")
	b.WriteString("<logger>" + el("level", "warning") + el("log", filepath.Join(c.logDir(), "clickhouse-server.log")) +
		el("errorlog", c.errorLog()) + el("size", "100M") + el("count", "1") + "</logger>\n    ")
	b.WriteString(el("listen_host", "127.0.0.1") + "\n    ")
	b.WriteString(el("tcp_port", strconv.Itoa(c.ports.tcp)) + el("http_port", strconv.Itoa(c.ports.http)) +
		el("interserver_http_port", strconv.Itoa(c.ports.interserver)) + "\n    ")
	b.WriteString(el("path", data) + el("tmp_path", data+"tmp/") + el("user_files_path", data+"user_files/") +
		el("format_schema_path", data+"format_schemas/") + "\n    ")
	if userDirs {
		b.WriteString("<user_directories><users_xml>" + el("path", c.usersFile()) + "</users_xml><local_directory>" +
			el("path", data+"access/") + "</local_directory></user_directories>\n    ")
	} else {
		b.WriteString(el("users_config", c.usersFile()) + "\n    ")
	}
	b.WriteString(el("timezone", "UTC") + "\n    ")
	b.WriteString("<macros>" + el("testenv_id", c.id) + "</macros>")
	return b.String()
}

// minimalConfig is the whole config.xml when no packaged one is installed.
func minimalConfig(c chConfig) []byte {
	return []byte(`<?xml version="1.0"?>
<` + c.rootName() + `>` + ownConfig(c, false) + `
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>5368709120</mark_cache_size>
</` + c.rootName() + `>
`)
}

// usersConfig is users.xml: the user default without password, reachable
// from loopback. Its profile has the server check idle connections every
// second rather than every 10, so that a stop does not wait 10 s for the
// clients' pooled connections. On a pre-19.3 server the profile also
// enables LowCardinality, which current servers support without (and
// refuse) the setting.
func usersConfig(c chConfig) []byte {
	lowCardinality := ""
	if c.legacy {
		lowCardinality = "\n            <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>"
	}
	return []byte(`<?xml version="1.0"?>
<!-- written by internal/testenv -->
<` + c.rootName() + `>
    <profiles>
        <default>
            <poll_interval>1</poll_interval>` + lowCardinality + `
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>::/0</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</` + c.rootName() + `>
`)
}
