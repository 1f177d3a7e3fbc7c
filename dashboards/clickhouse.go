package dashboards

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
)

const (
	// DatasourceType is the ClickHouse plugin's id, the type of every
	// datasource reference the dashboards write.
	DatasourceType = "grafana-clickhouse-datasource"
	// DatasourceUID is the uid that deploy/grafana/provisioning gives the
	// ClickHouse datasource; every panel and target references it.
	DatasourceUID = "leerlijn-clickhouse"
	// PluginVersion is the plugin version the queries are written for
	// (informational in the query JSON).
	PluginVersion = "4.20.0"
)

// Format is the plugin's result format: how the backend shapes the frame.
type Format int

const (
	// FormatTimeSeries converts long rows (time, label columns, values)
	// into one series per label value.
	FormatTimeSeries Format = 0
	// FormatTable returns the rows as they are.
	FormatTable Format = 1
)

// Query types the plugin's editor and Explore understand. The backend
// shapes the result by Format only.
const (
	queryTypeTimeSeries = "timeseries"
	queryTypeTable      = "table"
)

// ClickHouseQuery is a panel target of the ClickHouse datasource plugin in
// SQL mode: the plugin's query JSON model (src/types/sql.ts) restricted to
// what SQL mode uses. It implements variants.Dataquery so it can be passed
// to any SDK panel's WithTarget and read back by the SDK runtime once
// ClickHouseQueryVariantConfig is registered.
type ClickHouseQuery struct {
	RefID         string                `json:"refId"`
	Hide          *bool                 `json:"hide,omitempty"`
	Datasource    *common.DataSourceRef `json:"datasource,omitempty"`
	EditorType    string                `json:"editorType"`
	RawSQL        string                `json:"rawSql"`
	Format        Format                `json:"format"`
	QueryType     string                `json:"queryType,omitempty"`
	PluginVersion string                `json:"pluginVersion,omitempty"`
	// Meta.Timezone makes the backend return DateTime values in that zone.
	// The dashboards leave it unset: every instant is DateTime('UTC').
	Meta *ClickHouseQueryMeta `json:"meta,omitempty"`
}

// ClickHouseQueryMeta is the query's meta object.
type ClickHouseQueryMeta struct {
	Timezone string `json:"timezone,omitempty"`
}

// ImplementsDataqueryVariant marks ClickHouseQuery as a dataquery variant.
func (ClickHouseQuery) ImplementsDataqueryVariant() {}

// DataqueryType returns the plugin id.
func (ClickHouseQuery) DataqueryType() string { return DatasourceType }

// Equals reports whether other is a ClickHouseQuery with the same fields.
func (q ClickHouseQuery) Equals(other variants.Dataquery) bool {
	o, ok := other.(ClickHouseQuery)
	if !ok {
		return false
	}
	return q.RefID == o.RefID &&
		equalPtr(q.Hide, o.Hide) &&
		equalRef(q.Datasource, o.Datasource) &&
		q.EditorType == o.EditorType &&
		q.RawSQL == o.RawSQL &&
		q.Format == o.Format &&
		q.QueryType == o.QueryType &&
		q.PluginVersion == o.PluginVersion &&
		equalPtr(q.Meta, o.Meta)
}

// Validate rejects a query the dashboards must not ship: no SQL, a
// datasource other than ClickHouse, a format other than time series or
// table, or a macro that ClickHouse 18.16 cannot run ($__timeInterval,
// $__timeGroup, any _ms macro; see NonPortableMacros).
func (q ClickHouseQuery) Validate() error {
	var errs []error
	if strings.TrimSpace(q.RawSQL) == "" {
		errs = append(errs, errors.New("rawSql is empty"))
	}
	if q.EditorType != "sql" {
		errs = append(errs, fmt.Errorf("editorType is %q, want \"sql\"", q.EditorType))
	}
	if q.Datasource != nil && q.Datasource.Type != nil && *q.Datasource.Type != DatasourceType {
		errs = append(errs, fmt.Errorf("datasource type is %q, want %q", *q.Datasource.Type, DatasourceType))
	}
	if q.Format != FormatTimeSeries && q.Format != FormatTable {
		errs = append(errs, fmt.Errorf("format %d: only 0 (time series) and 1 (table) are used", q.Format))
	}
	if bad := NonPortableMacros(q.RawSQL); len(bad) > 0 {
		errs = append(errs, fmt.Errorf("macros that ClickHouse 18.16 cannot run: %s", strings.Join(bad, ", ")))
	}
	return errors.Join(errs...)
}

// ClickHouseQueryVariantConfig tells the SDK runtime how to read a target of
// the ClickHouse datasource back into a ClickHouseQuery.
func ClickHouseQueryVariantConfig() variants.DataqueryConfig {
	unmarshal := func(strict bool) func(raw []byte) (variants.Dataquery, error) {
		return func(raw []byte) (variants.Dataquery, error) {
			var q ClickHouseQuery
			dec := json.NewDecoder(bytes.NewReader(raw))
			if strict {
				dec.DisallowUnknownFields()
			}
			if err := dec.Decode(&q); err != nil {
				return nil, fmt.Errorf("decode ClickHouse query: %w", err)
			}
			return q, nil
		}
	}
	return variants.DataqueryConfig{
		Identifier:                 DatasourceType,
		DataqueryUnmarshaler:       unmarshal(false),
		StrictDataqueryUnmarshaler: unmarshal(true),
	}
}

// RegisterPlugins registers the SDK's panel and query types and
// ClickHouseQuery with the SDK runtime, so that json.Unmarshal into a
// dashboard.Dashboard gives typed panel options and ClickHouseQuery targets.
func RegisterPlugins() {
	plugins.RegisterDefaultPlugins()
	cog.NewRuntime().RegisterDataqueryVariant(ClickHouseQueryVariantConfig())
}

var _ cog.Builder[variants.Dataquery] = (*ClickHouseQueryBuilder)(nil)

// ClickHouseQueryBuilder builds a ClickHouseQuery. It starts as an SQL-mode
// table query against the provisioned datasource (DatasourceUID).
type ClickHouseQueryBuilder struct {
	internal ClickHouseQuery
}

// NewClickHouseQueryBuilder returns a builder for a query running sql.
func NewClickHouseQueryBuilder(sql string) *ClickHouseQueryBuilder {
	return &ClickHouseQueryBuilder{internal: ClickHouseQuery{
		RefID:         "A",
		Datasource:    datasourceRef(),
		EditorType:    "sql",
		RawSQL:        sql,
		Format:        FormatTable,
		QueryType:     queryTypeTable,
		PluginVersion: PluginVersion,
	}}
}

// Build validates the query. Errors are cog.BuildErrors, which the SDK's
// panel builders require of a target builder.
func (b *ClickHouseQueryBuilder) Build() (variants.Dataquery, error) {
	if err := b.internal.Validate(); err != nil {
		return nil, cog.MakeBuildErrors("ClickHouseQuery["+b.internal.RefID+"]", err)
	}
	return b.internal, nil
}

// RefID sets the query's reference id (default "A").
func (b *ClickHouseQueryBuilder) RefID(refID string) *ClickHouseQueryBuilder {
	b.internal.RefID = refID
	return b
}

// Hide excludes the query from the panel's results.
func (b *ClickHouseQueryBuilder) Hide(hide bool) *ClickHouseQueryBuilder {
	b.internal.Hide = &hide
	return b
}

// Datasource replaces the datasource reference.
func (b *ClickHouseQueryBuilder) Datasource(ref common.DataSourceRef) *ClickHouseQueryBuilder {
	b.internal.Datasource = &ref
	return b
}

// TimeSeries makes the backend return one series per label value
// (format 0, query type "timeseries").
func (b *ClickHouseQueryBuilder) TimeSeries() *ClickHouseQueryBuilder {
	b.internal.Format = FormatTimeSeries
	b.internal.QueryType = queryTypeTimeSeries
	return b
}

// Table returns the rows as they are (format 1, query type "table"); the
// default.
func (b *ClickHouseQueryBuilder) Table() *ClickHouseQueryBuilder {
	b.internal.Format = FormatTable
	b.internal.QueryType = queryTypeTable
	return b
}

// Timezone sets meta.timezone, the zone the backend returns DateTime
// values in.
func (b *ClickHouseQueryBuilder) Timezone(zone string) *ClickHouseQueryBuilder {
	b.internal.Meta = &ClickHouseQueryMeta{Timezone: zone}
	return b
}

// PluginVersion overrides the recorded plugin version.
func (b *ClickHouseQueryBuilder) PluginVersion(version string) *ClickHouseQueryBuilder {
	b.internal.PluginVersion = version
	return b
}

// datasourceRef is the reference to the provisioned ClickHouse datasource.
func datasourceRef() *common.DataSourceRef {
	return &common.DataSourceRef{Type: cog.ToPtr(DatasourceType), Uid: cog.ToPtr(DatasourceUID)}
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func equalRef(a, b *common.DataSourceRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return equalPtr(a.Type, b.Type) && equalPtr(a.Uid, b.Uid)
}
