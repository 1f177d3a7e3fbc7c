package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// The shared panel defaults. The SDK writes Go zero values as real values
// (legend.showLegend false, tooltip.mode "", orientation "", an empty
// reduceOptions.calcs), and Grafana only fills defaults for missing keys,
// so every option a panel type has is set here explicitly (GRAFANA.md §1.5).

// Units (Grafana unit ids) the dashboards use.
const (
	unitCount = "short" // a plain count, abbreviated (1.2K)
)

// panel is what every panel states: a stable id (ids are unique per
// dashboard and never reused, so links such as viewPanel= keep working), a
// title, a description that says how the number is defined, its place on
// the 24-column grid and the unit of the numbers it shows.
type panel struct {
	id          uint32
	title       string
	description string
	grid        dashboard.GridPos
	unit        string
}

// grid places a panel at column x, row y, w columns wide and h rows high.
func grid(x, y, w, h uint32) dashboard.GridPos {
	return dashboard.GridPos{X: x, Y: y, W: w, H: h}
}

// baseThresholds is a single neutral step: the dashboards show counts, for
// which no value is good or bad.
func baseThresholds() *dashboard.ThresholdsConfigBuilder {
	return dashboard.NewThresholdsConfigBuilder().
		Mode(dashboard.ThresholdsModeAbsolute).
		Steps([]dashboard.Threshold{{Value: nil, Color: "green"}})
}

// reduceLast shows, for each numeric field, its last non-null value: what a
// one-row query result needs.
func reduceLast() *common.ReduceDataOptionsBuilder {
	return common.NewReduceDataOptionsBuilder().Values(false).Calcs([]string{"lastNotNull"})
}

// reduceRows shows every row of the result (a bar per row).
func reduceRows() *common.ReduceDataOptionsBuilder {
	return common.NewReduceDataOptionsBuilder().Values(true).Calcs([]string{"lastNotNull"}).Limit(50)
}

func legendBottom() *common.VizLegendOptionsBuilder {
	return common.NewVizLegendOptionsBuilder().
		ShowLegend(true).
		DisplayMode(common.LegendDisplayModeList).
		Placement(common.LegendPlacementBottom).
		Calcs([]string{})
}

func legendHidden() *common.VizLegendOptionsBuilder {
	return common.NewVizLegendOptionsBuilder().
		ShowLegend(false).
		DisplayMode(common.LegendDisplayModeHidden).
		Placement(common.LegendPlacementBottom).
		Calcs([]string{})
}

func tooltipAll() *common.VizTooltipOptionsBuilder {
	return common.NewVizTooltipOptionsBuilder().
		Mode(common.TooltipDisplayModeMulti).
		Sort(common.SortOrderDescending)
}

// timeSeriesPanel draws one line per series of a format-0 query.
func timeSeriesPanel(p panel, q *ClickHouseQueryBuilder) *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.TimeSeries()).
		Unit(p.unit).
		Decimals(0).
		Min(0).
		Thresholds(baseThresholds()).
		Legend(legendBottom()).
		Tooltip(tooltipAll()).
		Orientation(common.VizOrientationAuto).
		DrawStyle(common.GraphDrawStyleBars).
		FillOpacity(80).
		LineWidth(1).
		Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal).Group("A")).
		ShowPoints(common.VisibilityModeNever).
		SpanNulls(common.BoolOrFloat64{Bool: cog.ToPtr(false)}).
		InsertNulls(common.BoolOrFloat64{Bool: cog.ToPtr(false)})
}

// statPanel shows one number: the last value of a one-row table query.
func statPanel(p panel, q *ClickHouseQueryBuilder) *stat.PanelBuilder {
	return stat.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.Table()).
		Unit(p.unit).
		Decimals(0).
		Thresholds(baseThresholds()).
		ReduceOptions(reduceLast()).
		GraphMode(common.BigValueGraphModeNone).
		ColorMode(common.BigValueColorModeNone).
		JustifyMode(common.BigValueJustifyModeCenter).
		TextMode(common.BigValueTextModeValue).
		WideLayout(true).
		ShowPercentChange(false).
		PercentChangeColorMode(common.PercentChangeColorModeStandard).
		Orientation(common.VizOrientationAuto)
}

// barGaugePanel draws one horizontal bar per row of a table query, named
// by the row's string columns.
func barGaugePanel(p panel, q *ClickHouseQueryBuilder) *bargauge.PanelBuilder {
	return bargauge.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.Table()).
		Unit(p.unit).
		Decimals(0).
		Min(0).
		Thresholds(baseThresholds()).
		ReduceOptions(reduceRows()).
		Legend(legendHidden()).
		Orientation(common.VizOrientationHorizontal).
		DisplayMode(common.BarGaugeDisplayModeBasic).
		ValueMode(common.BarGaugeValueModeText).
		NamePlacement(common.BarGaugeNamePlacementAuto).
		ShowUnfilled(true).
		Sizing(common.BarGaugeSizingAuto).
		MinVizWidth(8).
		MinVizHeight(16).
		MaxVizHeight(300)
}

// tablePanel lists the rows of a table query as they come.
func tablePanel(p panel, q *ClickHouseQueryBuilder) *table.PanelBuilder {
	return table.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.Table()).
		Unit(p.unit).
		Decimals(0).
		Thresholds(baseThresholds()).
		ShowHeader(true).
		CellHeight(common.TableCellHeightSm).
		Footer(common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{"sum"}).CountRows(false)).
		Filterable(false)
}
