package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/barchart"
	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/gauge"
	"github.com/grafana/grafana-foundation-sdk/go/piechart"
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
	unitCount   = "short"       // a plain count, abbreviated (1.2K)
	unitMoney   = "currencyEUR" // amounts; see docs/dashboards.md, "Currency"
	unitPercent = "percentunit" // a ratio 0..1 shown as a percentage
	unitHours   = "h"           // hours
	unitDays    = "d"           // days
	unitText    = "string"      // table columns of names and ids
	unitDate    = "time:YYYY-MM-DD"
)

// panel is what every panel states: a stable id (ids are unique per
// dashboard and never reused, so links such as viewPanel= keep working), a
// title, a description that says how the number is defined, its place on
// the 24-column grid, the unit of the numbers it shows and the thresholds
// that colour them (nil: one neutral colour).
type panel struct {
	id          uint32
	title       string
	description string
	grid        dashboard.GridPos
	unit        string
	thresholds  *dashboard.ThresholdsConfigBuilder
}

// grid places a panel at column x, row y, w columns wide and h rows high.
func grid(x, y, w, h uint32) dashboard.GridPos {
	return dashboard.GridPos{X: x, Y: y, W: w, H: h}
}

// decimals is how many decimals the panel's unit is shown with.
func (p panel) decimals() float64 { return unitDecimals[p.unit] }

func (p panel) thresholdsOrBase() *dashboard.ThresholdsConfigBuilder {
	if p.thresholds != nil {
		return p.thresholds
	}
	return baseThresholds()
}

// baseThresholds is a single neutral step, for numbers of which no value is
// good or bad (counts, hours).
func baseThresholds() *dashboard.ThresholdsConfigBuilder {
	return steps("green")
}

// steps builds absolute thresholds: the base colour, then value/colour
// pairs in ascending order.
func steps(base string, pairs ...any) *dashboard.ThresholdsConfigBuilder {
	list := []dashboard.Threshold{{Value: nil, Color: base}}
	for i := 0; i+1 < len(pairs); i += 2 {
		v := pairs[i].(float64)
		list = append(list, dashboard.Threshold{Value: &v, Color: pairs[i+1].(string)})
	}
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(list)
}

// moneyLeftThresholds colour an amount left over: red below zero (more
// used, or forecast to be used, than allocated), green otherwise.
func moneyLeftThresholds() *dashboard.ThresholdsConfigBuilder { return steps("red", 0.0, "green") }

// utilisationThresholds colour budget utilisation: red below half (the
// budget buys little), orange to 80 %, green to 100 %, red above it.
func utilisationThresholds() *dashboard.ThresholdsConfigBuilder {
	return steps("red", 0.5, "orange", 0.8, "green", 1.0001, "red")
}

// completionThresholds colour a completion rate: red below 50 %, orange
// to 75 %, green from 75 %.
func completionThresholds() *dashboard.ThresholdsConfigBuilder {
	return steps("red", 0.5, "orange", 0.75, "green")
}

// reduceLast shows, for each numeric field, its last non-null value: what a
// one-row query result needs.
func reduceLast() *common.ReduceDataOptionsBuilder {
	return common.NewReduceDataOptionsBuilder().Values(false).Calcs([]string{"lastNotNull"})
}

// reduceRows shows every row of the result (a bar or slice per row).
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

// unitOverride sets the unit of one field (a table column, a stat value)
// whose unit differs from the panel's, with the decimals that unit is
// shown with.
func unitOverride(unit string) []dashboard.DynamicConfigValue {
	props := []dashboard.DynamicConfigValue{{Id: "unit", Value: unit}}
	if d, ok := unitDecimals[unit]; ok {
		props = append(props, dashboard.DynamicConfigValue{Id: "decimals", Value: d})
	}
	return props
}

// unitDecimals are the decimals a number is shown with in its unit: whole
// euros and counts, tenths of hours, days and percentage points.
var unitDecimals = map[string]float64{
	unitMoney: 0, unitCount: 0, unitHours: 1, unitDays: 1, unitPercent: 1,
}

// byName matches the field called name. The SDK's OverrideByName stores a
// *string, which does not compare equal to the string that reading the
// JSON back gives; a plain string round-trips.
func byName(name string) dashboard.MatcherConfig {
	return dashboard.MatcherConfig{Id: "byName", Options: name}
}

// cellType is a table cell option of the given display mode, as a plain
// map so that it round-trips through JSON unchanged.
func cellType(mode common.TableCellDisplayMode) map[string]any {
	return map[string]any{"type": string(mode)}
}

// timeSeriesPanel draws one series per numeric field of a format-0 query,
// as stacked bars.
func timeSeriesPanel(p panel, q *ClickHouseQueryBuilder) *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.TimeSeries()).
		Unit(p.unit).
		Decimals(p.decimals()).
		Min(0).
		Thresholds(p.thresholdsOrBase()).
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

// linePanel draws one line per numeric field of a format-0 query, not
// stacked (series that are compared, such as actual against plan).
func linePanel(p panel, q *ClickHouseQueryBuilder) *timeseries.PanelBuilder {
	return timeSeriesPanel(p, q).
		DrawStyle(common.GraphDrawStyleLine).
		LineInterpolation(common.LineInterpolationStepAfter).
		FillOpacity(10).
		LineWidth(2).
		Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNone).Group("A"))
}

// statPanel shows the fields of a one-row table query as big numbers.
func statPanel(p panel, q *ClickHouseQueryBuilder) *stat.PanelBuilder {
	return stat.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.Table()).
		Unit(p.unit).
		Decimals(p.decimals()).
		Thresholds(p.thresholdsOrBase()).
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

// namedStatPanel is a statPanel that names each value: for queries that
// return several columns.
func namedStatPanel(p panel, q *ClickHouseQueryBuilder) *stat.PanelBuilder {
	return statPanel(p, q).TextMode(common.BigValueTextModeValueAndName)
}

// trendStatPanel shows the last of the rows of a query that returns one
// row per period (previous period first) with a sparkline of the rows and
// the change from the first row to the last: the current value beside its
// trend.
func trendStatPanel(p panel, q *ClickHouseQueryBuilder) *stat.PanelBuilder {
	return statPanel(p, q).
		GraphMode(common.BigValueGraphModeArea).
		ColorMode(common.BigValueColorModeValue).
		TextMode(common.BigValueTextModeValueAndName).
		ShowPercentChange(true)
}

// gaugePanel shows one ratio against its thresholds.
func gaugePanel(p panel, q *ClickHouseQueryBuilder) *gauge.PanelBuilder {
	return gauge.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.Table()).
		Unit(p.unit).
		Decimals(1).
		Min(0).
		Max(1.2).
		Thresholds(p.thresholdsOrBase()).
		ReduceOptions(reduceLast()).
		ShowThresholdLabels(false).
		ShowThresholdMarkers(true).
		Sizing(common.BarGaugeSizingAuto).
		MinVizWidth(75).
		MinVizHeight(75).
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
		Decimals(p.decimals()).
		Min(0).
		Thresholds(p.thresholdsOrBase()).
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

// barChartPanel draws, for each row of a table query, a group of bars (one
// per numeric field) labelled by the string field xField; stacked when
// stack is set.
func barChartPanel(p panel, q *ClickHouseQueryBuilder, xField string, stack bool) *barchart.PanelBuilder {
	mode := common.StackingModeNone
	if stack {
		mode = common.StackingModeNormal
	}
	return barchart.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.Table()).
		Unit(p.unit).
		Decimals(p.decimals()).
		Min(0).
		Thresholds(p.thresholdsOrBase()).
		ColorScheme(dashboard.NewFieldColorBuilder().Mode(dashboard.FieldColorModeIdPaletteClassic)).
		XField(xField).
		Orientation(common.VizOrientationAuto).
		Stacking(mode).
		ShowValue(common.VisibilityModeAuto).
		BarWidth(0.8).
		GroupWidth(0.7).
		XTickLabelRotation(0).
		XTickLabelMaxLength(30).
		FullHighlight(false).
		FillOpacity(80).
		LineWidth(1).
		Legend(legendBottom()).
		Tooltip(tooltipAll())
}

// pieChartPanel draws one slice per row of a table query, named by its
// string column.
func pieChartPanel(p panel, q *ClickHouseQueryBuilder) *piechart.PanelBuilder {
	return piechart.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.Table()).
		Unit(p.unit).
		Decimals(p.decimals()).
		Thresholds(p.thresholdsOrBase()).
		ColorScheme(dashboard.NewFieldColorBuilder().Mode(dashboard.FieldColorModeIdPaletteClassic)).
		ReduceOptions(reduceRows()).
		PieType(piechart.PieChartTypeDonut).
		DisplayLabels([]piechart.PieChartLabels{piechart.PieChartLabelsPercent}).
		Legend(piechart.NewPieChartLegendOptionsBuilder().
			ShowLegend(true).
			DisplayMode(common.LegendDisplayModeTable).
			Placement(common.LegendPlacementRight).
			Values([]piechart.PieChartLegendValues{piechart.PieChartLegendValuesValue, piechart.PieChartLegendValuesPercent}).
			Calcs([]string{})).
		Tooltip(tooltipAll()).
		Orientation(common.VizOrientationAuto)
}

// tablePanel lists the rows of a table query as they come; columns whose
// unit differs from the panel's get an override (columns).
func tablePanel(p panel, q *ClickHouseQueryBuilder, columns map[string]string) *table.PanelBuilder {
	b := table.NewPanelBuilder().
		Id(p.id).
		Title(p.title).
		Description(p.description).
		Datasource(*datasourceRef()).
		GridPos(p.grid).
		WithTarget(q.Table()).
		Unit(p.unit).
		Decimals(p.decimals()).
		Thresholds(p.thresholdsOrBase()).
		ShowHeader(true).
		CellHeight(common.TableCellHeightSm).
		Footer(common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{"sum"}).CountRows(false)).
		Filterable(false)
	for _, name := range sortedKeys(columns) {
		b = b.WithOverride(byName(name), unitOverride(columns[name]))
	}
	return b
}

// heatmapTablePanel shows a table of numbers as a heatmap: every cell's
// background coloured on a continuous scale from its value (the first
// column, the row label, is left plain by giving it a text unit).
func heatmapTablePanel(p panel, q *ClickHouseQueryBuilder, labelColumn string) *table.PanelBuilder {
	background := common.TableCellOptions{TableColoredBackgroundCellOptions: &common.TableColoredBackgroundCellOptions{
		Type: common.TableCellDisplayModeColorBackground,
		Mode: cog.ToPtr(common.TableCellBackgroundDisplayModeGradient),
	}}
	return tablePanel(p, q, nil).
		Decimals(2).
		Min(0).
		ColorScheme(dashboard.NewFieldColorBuilder().Mode(dashboard.FieldColorModeIdContinuousBlPu)).
		CellOptions(background).
		Align(common.FieldTextAlignmentCenter).
		WithOverride(byName(labelColumn), []dashboard.DynamicConfigValue{
			{Id: "unit", Value: unitText},
			{Id: "custom.cellOptions", Value: cellType(common.TableCellDisplayModeAuto)},
		})
}
