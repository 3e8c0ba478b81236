package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/web"
)

// TestHarvestAndArchiveCommands: one demo instance serves its open data;
// `samverkan harvest` reads it into another database and reports a broken
// source without losing the good one; `samverkan archive` writes the E-ARK
// package of an ended collaboration.
func TestHarvestAndArchiveCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := "sqlite:" + filepath.Join(dir, "kalla.db")
	if err := run(ctx, []string{"demo", "--db", src}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatalf("demo: %v", err)
	}
	db, err := sqldb.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := web.New(web.Options{Store: db, Catalog: db.Catalog(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "nej", http.StatusInternalServerError) }))
	defer broken.Close()

	dst := "sqlite:" + filepath.Join(dir, "nationell.db")
	var out, errs bytes.Buffer
	err = run(ctx, []string{"harvest", "--db", dst, srv.URL + "/oppna-data/samverkan.json", broken.URL + "/x.json"}, noEnv, &out, &errs)
	if err == nil || !strings.Contains(err.Error(), "1 av 2 källor") {
		t.Errorf("harvest with a broken source: %v", err)
	}
	if !strings.Contains(out.String(), srv.URL+"/oppna-data/samverkan.json: 5 nätverk,") || !strings.Contains(errs.String(), "Servern svarade med ett fel") {
		t.Errorf("harvest said:\n%s\n%s", out.String(), errs.String())
	}
	// Again, without addresses: the stored source is harvested again.
	out.Reset()
	if err := run(ctx, []string{"harvest", "--db", dst}, noEnv, &out, io.Discard); err != nil || !strings.Contains(out.String(), "5 nätverk") {
		t.Errorf("re-harvest: %v\n%s", err, out.String())
	}

	cs, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "c-tillsammans", Status: samverkan.StatusEnded})
	if err != nil || len(cs) == 0 {
		t.Fatalf("no ended collaboration: %v", err)
	}
	file := filepath.Join(dir, "paket.zip")
	out.Reset()
	if err := run(ctx, []string{"archive", "--db", src, "--network", "c-tillsammans", "--collaboration", strconv.FormatInt(cs[0].ID, 10), "-o", file},
		noEnv, &out, io.Discard); err != nil {
		t.Fatalf("archive: %v", err)
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	found := false
	for _, f := range zr.File {
		found = found || strings.HasSuffix(f.Name, "/METS.xml")
	}
	if !found || !strings.Contains(out.String(), "Skrev arkivpaketet samverkan-"+strconv.FormatInt(cs[0].ID, 10)) {
		t.Errorf("archive said %q; METS.xml found: %v", out.String(), found)
	}
	if err := run(ctx, []string{"archive", "--db", src, "--network", "finns-inte", "-o", file}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("an unknown network gave no error")
	}
}
