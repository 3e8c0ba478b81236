package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/archive"
	"github.com/samverkan/samverkan/internal/opendata"
)

// cmdHarvest reads other instances' open data into the national view
// (/nationellt). Each address is another instance's samverkan.json; with
// none, every source harvested before is harvested again (what a
// scheduled job does, through opendata.HarvestInto). A source that fails
// keeps its previous harvest; the command fails when any source failed,
// after trying all of them.
func cmdHarvest(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	fs := flagSet("harvest", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	maxBytes := fs.Int64("max-bytes", opendata.DefaultMaxBytes, "largest answer read from a source, in bytes")
	timeout := fs.Duration("timeout", opendata.DefaultTimeout, "longest wait for one source")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{"help"}
		}
		return usageError{err.Error()}
	}
	db, err := openDB(ctx, *dsn, newLogger(e, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = samverkan.WithActor(ctx, "samverkan harvest")
	results, err := opendata.HarvestInto(ctx, db, fs.Args(), opendata.HarvestOptions{MaxBytes: *maxBytes, Timeout: *timeout,
		UserAgent: "samverkan-harvest/" + version()})
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return usageError{"ange minst en adress till en annan instans öppna data (…/oppna-data/samverkan.json)"}
	}
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
			msg := r.Err.Error()
			var oe *opendata.Error
			if errors.As(r.Err, &oe) {
				msg = oe.Message("sv")
			}
			fmt.Fprintf(stderr, "%s: %s\n", r.Source, msg)
			continue
		}
		fmt.Fprintf(stdout, "%s: %d nätverk, %d samverkan.\n", r.Source, r.Networks, r.Collaborations)
	}
	if failed > 0 {
		return fmt.Errorf("%d av %d källor kunde inte skördas; deras tidigare skörd finns kvar", failed, len(results))
	}
	return nil
}

// cmdArchive writes an E-ARK SIP of a network, or one collaboration of
// it, to a zip file (internal/archive).
func cmdArchive(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	fs := flagSet("archive", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	slug := fs.String("network", "", "the network (slug)")
	id := fs.Int64("collaboration", 0, "only this collaboration of the network (id)")
	out := fs.String("o", "", "the zip file to write")
	producer := fs.String("producer", "", "the organisation that delivers the package (default: the network's name)")
	actors := fs.String("actors", "pseudonymised", "who made each change: pseudonymised, as-recorded or omitted")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *slug == "" || *out == "" {
		return usageError{"--network och -o måste anges"}
	}
	policy := map[string]archive.ActorPolicy{"pseudonymised": archive.ActorsPseudonymised, "as-recorded": archive.ActorsAsRecorded,
		"omitted": archive.ActorsOmitted}
	pol, ok := policy[*actors]
	if !ok {
		return usageError{fmt.Sprintf("okänt värde för --actors: %q (pseudonymised, as-recorded eller omitted)", *actors)}
	}
	db, err := openDB(ctx, *dsn, newLogger(e, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := archive.Collect(ctx, db, archive.Selection{Network: *slug, CollaborationID: *id}, archive.CollectOptions{
		Producer: archive.Organisation{Name: *producer}, Created: time.Now().UTC().Truncate(time.Second),
		SoftwareVersion: version(), Actors: pol, Catalog: db.Catalog()})
	if err != nil {
		return fmt.Errorf("%s", samverkan.ErrorMessage(err))
	}
	// Write beside the target and rename, so a failure never leaves half a
	// package under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".samverkan-archive-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := p.WriteZip(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Skrev arkivpaketet %s (%d datafiler, %d händelser) till %s.\n", p.ID, len(p.Data), len(p.Events), *out)
	return nil
}
