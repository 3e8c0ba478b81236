package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/kolada"
	"github.com/samverkan/samverkan/internal/refdata"
)

// The reference data behind the money pages: a newer SCB population table
// (samverkan refdata population FILE) and Kolada key figures (samverkan
// kolada sync --kpi … --years …).

func cmdRefdata(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "population" {
		return usageError{"användning: samverkan refdata population [--db URL] FIL"}
	}
	fs := flagSet("refdata population", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	name, err := parseWithFile(fs, args[1:])
	if err != nil {
		return err
	}
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("öppna %s: %w", name, err)
	}
	defer f.Close()
	table, err := refdata.ParsePopulation(f)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var figs []samverkan.PopulationFigure
	source := "SCB BE0101A/BefolkningNy (" + baseName(name) + ")"
	for _, y := range table.Years {
		pops, _ := table.Year(y)
		for _, p := range pops {
			figs = append(figs, samverkan.PopulationFigure{Code: p.Code, ReferenceDate: p.ReferenceDate, Population: p.Count, Source: source})
		}
	}
	sort.Slice(figs, func(i, j int) bool {
		if figs[i].ReferenceDate != figs[j].ReferenceDate {
			return figs[i].ReferenceDate.Before(figs[j].ReferenceDate)
		}
		return figs[i].Code < figs[j].Code
	})
	db, err := openDB(ctx, *dsn, newLogger(e, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SavePopulationFigures(ctx, figs); err != nil {
		return err
	}
	years := make([]string, len(table.Years))
	for i, y := range table.Years {
		years[i] = samverkan.NewDate(y, time.December, 31).String()
	}
	fmt.Fprintf(stdout, "Läste in folkmängd för %d kommuner per %s.\n", len(figs)/len(table.Years), strings.Join(years, ", "))
	if len(table.Unknown) > 0 {
		fmt.Fprintf(stdout, "Okända koder i filen (hoppades över): %s\n", strings.Join(table.Unknown, ", "))
	}
	return nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func cmdKolada(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "sync" {
		return usageError{"användning: samverkan kolada sync --kpi ID[,ID…] --years ÅÅÅÅ[,ÅÅÅÅ…] [--db URL]"}
	}
	fs := flagSet("kolada sync", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	kpiList := fs.String("kpi", "", "Kolada KPI ids, comma-separated")
	yearList := fs.String("years", "", "years, comma-separated")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	kpis := splitList(*kpiList)
	if len(kpis) == 0 {
		return usageError{"ange minst ett nyckeltal med --kpi"}
	}
	var years []int
	for _, s := range splitList(*yearList) {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1990 || y > 2200 {
			return usageError{fmt.Sprintf("--years: %q är inget år", s)}
		}
		years = append(years, y)
	}
	if len(years) == 0 {
		return usageError{"ange minst ett år med --years"}
	}
	base := e.or("SAMVERKAN_KOLADA_URL", kolada.DefaultBaseURL)
	client, err := kolada.New(base)
	if err != nil {
		return err
	}
	client.Log = newLogger(e, stderr)
	db, err := openDB(ctx, *dsn, client.Log)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := koladaSync(ctx, client, db, kpis, years, *timeout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Hämtade %d värden för %s, %s från %s. Källa: Kolada.\n", n, strings.Join(kpis, ", "), *yearList, client.BaseURL())
	return nil
}

// koladaSync fetches the KPIs' metadata and values for every municipality
// and the years, and stores them in one transaction: a failing or slow
// server stores nothing and the values fetched before stay as they were.
func koladaSync(ctx context.Context, c *kolada.Client, ks samverkan.KPIStore, kpis []string, years []int, timeout time.Duration) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	meta, err := c.KPIs(ctx, kpis)
	if err != nil {
		return 0, koladaError(err, c, timeout)
	}
	vs, err := c.Values(ctx, kpis, nil, years)
	if err != nil {
		return 0, koladaError(err, c, timeout)
	}
	cat := refdata.MustCatalog()
	now := time.Now().UTC()
	infos := make([]samverkan.KPIInfo, 0, len(meta))
	for _, k := range meta {
		infos = append(infos, samverkan.KPIInfo{ID: k.ID, Title: k.Title})
	}
	var out []samverkan.KPIValue
	for _, v := range vs {
		// Kolada also answers for the country (0000), counties and groups:
		// the register keeps the 290 municipalities and computes its own
		// comparisons.
		if _, ok := cat.Municipality(v.Municipality); !ok {
			continue
		}
		out = append(out, samverkan.KPIValue{KPI: v.KPI, Municipality: v.Municipality, Year: v.Year, Gender: v.Gender, Value: v.Value, Fetched: now})
	}
	if err := ks.SaveKPIValues(ctx, infos, out); err != nil {
		return 0, fmt.Errorf("spara Kolada-värden: %w", err)
	}
	return len(out), nil
}

// koladaError says in Swedish what went wrong and that nothing changed.
func koladaError(err error, c *kolada.Client, timeout time.Duration) error {
	var ke *kolada.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("Kolada (%s) svarade inte inom %s; inga värden ändrades: %w", c.BaseURL(), timeout, err)
	case errors.As(err, &ke) && ke.Status != 0:
		return fmt.Errorf("Kolada (%s) svarade med fel %d; inga värden ändrades: %w", c.BaseURL(), ke.Status, err)
	}
	return fmt.Errorf("kunde inte hämta från Kolada (%s); inga värden ändrades: %w", c.BaseURL(), err)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
