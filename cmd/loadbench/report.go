package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

type report struct {
	Machine   machine      `json:"machine"`
	Config    *config      `json:"config"`
	Started   time.Time    `json:"started"`
	Databases []*dbResult  `json:"databases"`
	Targets   []targetNote `json:"targets"`
}

type dbResult struct {
	Database    string            `json:"database"`
	LoadSeconds float64           `json:"load_seconds"`
	Endpoints   []*endpointResult `json:"endpoints"`
	Mixed       *mixedResult      `json:"mixed,omitempty"`
}

type machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpu_model,omitempty"`
	MemoryKB  int64  `json:"memory_kb,omitempty"`
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	GoVersion string `json:"go_version"`
}

// describeMachine reads what the figures depend on.
func describeMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS, Arch: runtime.GOARCH, GoVersion: runtime.Version()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Fscanf(f, "MemTotal: %d kB", &kb); err == nil {
			m.MemoryKB = kb
		}
		f.Close()
	}
	return m
}

var dbLabel = map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}

// printTable writes one table per database.
func (r *report) printTable(w io.Writer) {
	fmt.Fprintf(w, "\nSamverkan load benchmark: %d synthetic collaborations (seed %d), %s per cell, %d CPUs (%s), %s\n",
		r.Config.N, r.Config.Seed, r.Config.Duration, r.Machine.CPUs, r.Machine.CPUModel, r.Machine.GoVersion)
	for _, db := range r.Databases {
		if label, ok := dbLabel[db.Database]; ok {
			fmt.Fprintf(w, "\n%s (data loaded in %.1f s)\n", label, db.LoadSeconds)
		} else {
			fmt.Fprintf(w, "\n%s\n", db.Database)
		}
		width := len("endpoint")
		for _, ep := range db.Endpoints {
			width = max(width, len(ep.Path))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%-*s\tbytes\tclients\treq/s\tp50 ms\tp95 ms\tp99 ms\terrors\tstatic req/s\tstatic p99\tof static\t\n", width, "endpoint")
		for _, ep := range db.Endpoints {
			if ep.Missing {
				fmt.Fprintf(tw, "%-*s\t\t\t%s\t\t\t\t\t\t\t\t\n", width, ep.Path, "saknas (404)")
				continue
			}
			for i, c := range ep.Cells {
				name, size := "", ""
				if i == 0 {
					name, size = ep.Path, fmt.Sprint(ep.Bytes)
				}
				static, staticP99, ratio := "–", "–", "–"
				if c.Static != nil {
					static = fmt.Sprintf("%.0f", c.Static.RPS)
					staticP99 = fmt.Sprintf("%.2f", c.Static.P99ms)
					ratio = fmt.Sprintf("%.0f %%", 100*c.Ratio)
				}
				fmt.Fprintf(tw, "%-*s\t%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t%s\t%s\t%s\t\n",
					width, name, size, c.Clients, c.RPS, c.P50ms, c.P95ms, c.P99ms, c.Errors, static, staticP99, ratio)
			}
		}
		tw.Flush()
		if db.Mixed != nil {
			label := dbLabel[db.Database]
			if label == "" {
				label = db.Database
			}
			printMixed(w, label, db.Mixed)
		}
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(w, "\nTargets (SQLite, 64 clients):")
		for _, t := range r.Targets {
			fmt.Fprintf(w, "  %-55s %s\n", t.Target, t.Result)
		}
	}
}

// targetNote is one of the targets and how this run did.
type targetNote struct {
	Target string `json:"target"`
	Met    *bool  `json:"met,omitempty"`
	Result string `json:"result"`
}

// checkTargets compares the run with the targets: on SQLite at 64
// clients, the network page under 25 ms p99 and over 2 000 req/s, and
// /insyn at least half the static ceiling.
func checkTargets(r *report) []targetNote {
	var out []targetNote
	for _, db := range r.Databases {
		if db.Database != "sqlite" {
			continue
		}
		if m := db.Mixed; m != nil && m.Clients == 64 {
			out = append(out,
				note("mixed with a writer: p99 < 25 ms", m.Writing.P99ms < 25, fmt.Sprintf("%.2f ms", m.Writing.P99ms)),
				note("mixed with a writer ≥ 40 % of no writer", m.Ratio >= 0.4, fmt.Sprintf("%.0f %%", 100*m.Ratio)))
		}
		for _, ep := range db.Endpoints {
			c := cellAt(ep, 64)
			switch {
			case ep.Path == "/natverk/syn-01" && c != nil:
				out = append(out,
					note("network page p99 < 25 ms", c.P99ms < 25, fmt.Sprintf("%.2f ms", c.P99ms)),
					note("network page > 2 000 req/s", c.RPS > 2000, fmt.Sprintf("%.0f req/s", c.RPS)))
			case ep.Path == "/insyn" && ep.Missing:
				out = append(out, targetNote{Target: "/insyn ≥ 50 % of static", Result: "not measured: /insyn answers 404 (saknas)"})
			case ep.Path == "/insyn" && c != nil && c.Static != nil:
				out = append(out, note("/insyn ≥ 50 % of static", c.Ratio >= 0.5, fmt.Sprintf("%.0f %%", 100*c.Ratio)))
			}
		}
	}
	return out
}

func note(target string, met bool, got string) targetNote {
	res := "met"
	if !met {
		res = "MISSED"
	}
	return targetNote{Target: target, Met: &met, Result: res + " (" + got + ")"}
}

func cellAt(ep *endpointResult, clients int) *endpointCell {
	for i := range ep.Cells {
		if ep.Cells[i].Clients == clients {
			return &ep.Cells[i]
		}
	}
	return nil
}

func (r *report) writeJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
