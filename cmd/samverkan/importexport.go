package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/tabular"
)

// maxListedRows caps the per-row lines the import prints; errors are
// always printed in full.
const maxListedRows = 200

// parseWithFile parses flags that may come before or after one file
// argument, and returns the file.
func parseWithFile(fs *flag.FlagSet, args []string) (string, error) {
	var file string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", usageError{"help"}
			}
			return "", usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		if file != "" {
			return "", usageError{fmt.Sprintf("oväntat argument %q", fs.Arg(0))}
		}
		file, args = fs.Arg(0), fs.Args()[1:]
	}
	if file == "" {
		return "", usageError{"ange filen som ska importeras (.xlsx eller .csv)"}
	}
	return file, nil
}

func cmdImport(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	fs := flagSet("import", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	slug := fs.String("network", "", "the network the rows belong to (slug)")
	dry := fs.Bool("dry-run", false, "show what would happen and write nothing")
	values := fs.Bool("values", false, "show each row's values as they were read")
	var colMap tabular.ColumnMap
	fs.Func("map", `a column and the field it holds, "Kolumn=Fält" ("Kolumn=" leaves it out); repeatable`, func(s string) error {
		cm, err := tabular.ParseColumnMapping(s)
		if err != nil {
			return errors.New(samverkan.ErrorMessage(err))
		}
		colMap = append(colMap, cm)
		return nil
	})
	file, err := parseWithFile(fs, args)
	if err != nil {
		return err
	}
	if *slug == "" {
		return usageError{"--network måste anges"}
	}
	data, err := readLimited(file)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, newLogger(e, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	progress := func(read, validated, total int) {
		if total >= 2*tabular.ProgressEvery {
			fmt.Fprintf(stderr, "%d av %d rader lästa, %d kontrollerade …\n", read, total, validated)
		}
	}
	p, res, err := tabular.NewImporter(db, db.Catalog(), nil).Import(samverkan.WithActor(ctx, "import"), tabular.Request{
		Network: *slug, Data: data, Filename: file, DryRun: *dry, Map: colMap, Progress: progress})
	if p == nil && tabular.FileErrorKind(err) != "" {
		return fmt.Errorf("%s: %s", file, samverkan.ErrorMessage(err))
	} else if p == nil {
		return fmt.Errorf("%s", samverkan.ErrorMessage(err))
	}
	printPlan(stdout, file, p, *values)
	switch {
	case !p.OK():
		return fmt.Errorf("%d rader har fel; ingenting har importerats", p.Summary.Errors)
	case err != nil:
		return fmt.Errorf("%s", samverkan.ErrorMessage(err))
	case *dry:
		fmt.Fprintln(stdout, "Provkörning (--dry-run): ingenting har sparats.")
		return nil
	}
	fmt.Fprintf(stdout, "Klart på %s: %d skapade, %d ändrade, %d oförändrade.\n",
		time.Since(start).Round(time.Millisecond), res.Created, res.Updated, res.Unchanged)
	return nil
}

// readLimited reads a file of at most MaxFileSize bytes.
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, tabular.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

var actionLabels = map[string]string{
	tabular.ActionCreate: "skapas", tabular.ActionUpdate: "ändras", tabular.ActionUnchanged: "oförändrad", tabular.ActionError: "fel",
}

func printPlan(w io.Writer, file string, p *tabular.Plan, values bool) {
	where := ""
	if p.Sheet != "" {
		where = ", blad " + p.Sheet
	}
	fmt.Fprintf(w, "%s%s: rubriker på rad %d, %d rader lästa och kontrollerade.\n", file, where, p.HeaderRow, p.Summary.Read)
	for _, c := range p.Mapping.Columns {
		fmt.Fprintf(w, "Kolumnen %q blir %s.\n", c.Header, tabular.HeaderOf(c.Field))
	}
	for _, c := range p.Mapping.Unmatched {
		hint := ""
		if c.Guess != "" {
			hint = fmt.Sprintf(" (menade du %s? Ange --map %q)", tabular.HeaderOf(c.Guess), c.Header+"="+tabular.HeaderOf(c.Guess))
		}
		fmt.Fprintf(w, "Kolumnen %q känns inte igen och importeras inte%s.\n", c.Header, hint)
	}
	listed := 0
	for _, r := range p.Rows {
		if r.Action == tabular.ActionUnchanged && p.Summary.Read > 20 {
			continue
		}
		if listed++; listed > maxListedRows {
			continue
		}
		line := fmt.Sprintf("Rad %d: %s – %s", r.Line, actionLabels[r.Action], r.Title)
		if len(r.Changes) > 0 {
			line += " (" + strings.Join(r.Changes, ", ") + ")"
		}
		fmt.Fprintln(w, line)
		if values {
			for _, v := range r.Values {
				if v.Text == "" && v.SV == "" {
					continue
				}
				fmt.Fprintf(w, "    %s: %s → %s\n", tabular.HeaderOf(v.Field), v.Text, v.SV)
			}
		}
	}
	if listed > maxListedRows {
		fmt.Fprintf(w, "… och %d rader till.\n", listed-maxListedRows)
	}
	if errs := p.Errors(); len(errs) > 0 {
		fmt.Fprintln(w, "Fel:")
		for _, e := range errs {
			line := fmt.Sprintf("  Rad %d, %s: %s", e.Row, e.Column, e.Message)
			if e.Suggestion != "" {
				line += " " + e.Suggestion
			}
			fmt.Fprintln(w, line)
		}
	}
	if warns := p.Warnings(); len(warns) > 0 {
		fmt.Fprintln(w, "Varningar (raderna importeras ändå):")
		for i, e := range warns {
			if i == maxListedRows {
				fmt.Fprintf(w, "  … och %d varningar till.\n", len(warns)-maxListedRows)
				break
			}
			line := fmt.Sprintf("  Rad %d, %s: %q – %s", e.Row, e.Column, e.Value, e.Message)
			if e.Suggestion != "" {
				line += " " + e.Suggestion
			}
			fmt.Fprintln(w, line)
		}
	}
	s := p.Summary
	fmt.Fprintf(w, "Summa: %d skapas, %d ändras, %d oförändrade, %d rader med fel, %d rader med varningar (%d varningar).\n",
		s.Create, s.Update, s.Unchanged, s.Errors, s.RowsWithWarnings, s.Warnings)
	if s.AreasToReview > 0 {
		fmt.Fprintf(w, "%d rader har områden att granska; koppla dem till områden under /natverk/%s/granska.\n", s.AreasToReview, p.Network)
	}
}

func cmdExport(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	fs := flagSet("export", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	slug := fs.String("network", "", "the network to export (slug)")
	format := fs.String("format", "xlsx", "xlsx, csv or json")
	public := fs.Bool("public", false, "leave out records that are not public and all personal data")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *slug == "" {
		return usageError{"--network måste anges"}
	}
	if _, ok := tabular.ContentTypes[*format]; !ok {
		return usageError{fmt.Sprintf("okänt format %q: välj xlsx, csv eller json", *format)}
	}
	db, err := openDB(ctx, *dsn, newLogger(e, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	x, err := tabular.Load(ctx, db, db.Catalog(), *slug, *public)
	if err != nil {
		return fmt.Errorf("%s", samverkan.ErrorMessage(err))
	}
	if *out == "" {
		return x.Write(stdout, *format)
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := x.Write(f, *format); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Exporterade %d samverkan till %s.\n", len(x.Collaborations), *out)
	return nil
}
