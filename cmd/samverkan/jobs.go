package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/tabular"
	"github.com/samverkan/samverkan/internal/web"
)

// oneOffJobs are the one-off job kinds: a large import confirmed in the
// browser (web.ImportJob) and a large network's export
// (tabular.ExportJob) run as jobs, so the page can show their progress
// and an instance that dies mid-way leaves the work to another.
func oneOffJobs(db *sqldb.DB, cat *samverkan.Catalog, log *slog.Logger) map[string]jobs.Handler {
	return map[string]jobs.Handler{tabular.ExportJobKind: tabular.ExportJobHandler(db, cat, db, api.PresentExport(cat)), web.ImportJobKind: func(ctx context.Context, j *jobs.Job, p jobs.Progress) (string, error) {
		var in web.ImportJob
		if err := json.Unmarshal(j.Input, &in); err != nil {
			return "", fmt.Errorf("import job input: %w", err)
		}
		u, err := db.Upload(ctx, in.Upload)
		if err != nil {
			return "", fmt.Errorf("import job upload: %w", err)
		}
		// The import is one transaction: run again after a crash, it
		// starts from scratch and re-import updates rather than duplicates.
		ctx = samverkan.WithActor(ctx, in.Actor)
		_, res, err := tabular.NewImporter(db, cat, log).Import(ctx, tabular.Request{Network: u.Network, Data: u.Content,
			Filename: u.Filename, Override: in.Override,
			Progress: func(read, validated, total int) { _ = p(validated, total, "") }})
		if err != nil {
			return "", err
		}
		if err := db.DeleteUpload(ctx, u.Token); err != nil {
			log.WarnContext(ctx, "delete upload failed", slog.Any("error", err))
		}
		q := url.Values{"skapade": {strconv.Itoa(res.Created)}, "uppdaterade": {strconv.Itoa(res.Updated)},
			"oforandrade": {strconv.Itoa(res.Unchanged)}}
		return "/natverk/" + u.Network + "/import/klar?" + q.Encode(), nil
	}}
}
