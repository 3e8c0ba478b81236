package kolada

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
)

// areas.csv maps the register's areas (RS activity codes) to Kolada KPIs
// that describe them: cost per inhabitant (the economies-of-scale curve
// uses these), unit costs and other measures. It is a file a
// non-programmer can read and correct. The ids and titles come from
// research/anchors.md (its KPI table); areas without a KPI there are not
// listed rather than guessed.
//
//go:embed areas.csv
var areasCSV string

// Kinds of area KPIs.
const (
	KindCostPerInhabitant = "cost_per_inhabitant"
	KindUnitCost          = "unit_cost"
)

// AreaKPI is one row of the map.
type AreaKPI struct {
	Area  string `json:"area"`
	KPI   string `json:"kpi"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
}

var (
	areaOnce sync.Once
	areaKPIs []AreaKPI
	areaErr  error
)

// AreaKPIs returns the map, in file order.
func AreaKPIs() ([]AreaKPI, error) {
	areaOnce.Do(func() {
		rows, err := csv.NewReader(strings.NewReader(areasCSV)).ReadAll()
		if err != nil {
			areaErr = fmt.Errorf("kolada: areas.csv: %w", err)
			return
		}
		for i, r := range rows {
			if i == 0 {
				continue
			}
			if len(r) != 4 || r[0] == "" || r[1] == "" {
				areaErr = fmt.Errorf("kolada: areas.csv line %d: want area,kpi,kind,title", i+1)
				return
			}
			areaKPIs = append(areaKPIs, AreaKPI{Area: r[0], KPI: r[1], Kind: r[2], Title: r[3]})
		}
	})
	return areaKPIs, areaErr
}

// KPIsForArea returns the KPIs mapped to area.
func KPIsForArea(area string) []AreaKPI {
	all, _ := AreaKPIs()
	var out []AreaKPI
	for _, a := range all {
		if a.Area == area {
			out = append(out, a)
		}
	}
	return out
}
