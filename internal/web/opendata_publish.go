package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/opendata/dcat"
)

// Publication of the open data (/oppna-data). Building the dataset reads
// every public record (about 3 CPU-seconds at 20 000 collaborations) and
// its JSON is 32 MB, so no request builds or renders it: background work
// publishes the files, each rendered and gzipped once, whenever the data
// version or the day has changed, and every request is answered from the
// newest publication (the previous one while the next is being made).
//
// A publication is per instance and in memory: each instance builds its
// own. It is not a periodic task of the jobs table (whose task runs on one
// instance at a time) with the files stored for the other instances to
// load, because (1) without SAMVERKAN_PUBLIC_URL the links in the files
// follow the address requests arrive at, which only the instance they
// arrive at knows; (2) storing some 40 MB at each change and reading it
// back on every instance is a cost of the same order as building it;
// (3) a handler without a job runner (tests, other embedders) publishes
// all the same. The price is one build per instance per change, bounded
// by publishGapFactor.
//
// When: a request that finds its publication older than the data version
// or the day wakes the publisher; with Options.Background a watcher also
// looks every publishWatch, so a harvester that polls rarely still gets
// fresh files. A publication starts no sooner than publishGapFactor times
// the previous one's duration after that one started, so however often
// the register is written at most about a tenth of one core goes to
// publishing.
//
// For which address: with a configured public address (PublicURL) one
// publication; without it one per address requests arrive at (scheme and
// host), the maxBases most recently asked for. A request for an address
// that has no publication yet (a fresh process, a new address) waits for
// the first one: that is the only request that pays for a build.

// publishGapFactor spaces publications: the next starts no sooner than
// this many times the last one's duration after the last one started.
const publishGapFactor = 10

// publishRetry is the least wait after a publication that failed.
const publishRetry = time.Second

// publishWatch is how often the watcher (Options.Background) compares the
// data version and the day with the publications'.
const publishWatch = 2 * time.Second

// maxBases bounds the addresses published for when no public address is
// configured: each costs a rendering per change and its files' memory.
const maxBases = 4

// pubKey is what a publication was made from: the data version and the
// day (current memberships and cost shares are per day).
type pubKey struct {
	version int64
	day     samverkan.Date
}

// publication is the open data as published once for one address.
type publication struct {
	key  pubKey
	base string
	made time.Time
	// What the landing page says of the dataset.
	publisher, licence       string
	generated                time.Time
	networks, collaborations int
	// files by name: samverkan.json, the tables' CSVs, datapackage.json,
	// and the catalogue as "katalog\x00"+media when a contact point is set.
	files map[string]*publishedFile
}

// publishedFile is one file of a publication in both encodings.
type publishedFile struct {
	contentType string
	// modified is when a publication first carried these bytes.
	modified time.Time
	body     []byte
	etag     string
	gz       []byte // body gzipped
	gzETag   string // a tag of its own: another representation (RFC 9110 §8.8.3)
}

// catalogueFile names the catalogue in media among a publication's files.
func catalogueFile(media string) string { return "katalog\x00" + media }

// publisher keeps the newest publication per address and makes the next.
type publisher struct {
	s     *server
	fixed string          // the configured public address, or ""
	ctx   context.Context // the background work's; Background or context.Background
	now   func() time.Time

	mu      sync.Mutex
	pubs    map[string]*publication // by address
	used    map[string]time.Time    // address → last asked for (no fixed address)
	working bool                    // a worker goroutine runs
	pending bool                    // asked again since the worker last looked
	wake    chan struct{}           // cuts a worker's wait short (a new address)
	// started and took are the last publication's start and duration;
	// failed says it failed.
	started time.Time
	took    time.Duration
	failed  bool
	// Rounds of the worker: begun and ended count them, roundErr is the
	// last one's error, done is closed (and replaced) when one ends.
	begun, ended uint64
	roundErr     error
	done         chan struct{}
}

func newPublisher(s *server, publicURL string, bg context.Context) (*publisher, error) {
	fixed := strings.TrimRight(strings.TrimSpace(publicURL), "/")
	if fixed != "" {
		u, err := url.Parse(fixed)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("web: the public address %q is not an http(s) address", publicURL)
		}
	}
	p := &publisher{s: s, fixed: fixed, ctx: bg, now: time.Now, pubs: map[string]*publication{},
		used: map[string]time.Time{}, wake: make(chan struct{}, 1), done: make(chan struct{})}
	if bg == nil {
		p.ctx = context.Background()
		return p, nil
	}
	go p.watch()
	return p, nil
}

// baseOf is the address the open data's links are written under for r:
// the configured one, or the one r arrived at.
func (p *publisher) baseOf(r *http.Request) string {
	if p.fixed != "" {
		return p.fixed
	}
	return baseURL(r)
}

// bases lists the addresses to publish for. Called with mu held.
func (p *publisher) basesLocked() []string {
	if p.fixed != "" {
		return []string{p.fixed}
	}
	out := make([]string, 0, len(p.used))
	for b := range p.used {
		out = append(out, b)
	}
	return out
}

// get returns the newest publication for base. When there is none yet it
// asks for one and waits for it.
func (p *publisher) get(ctx context.Context, base string) (*publication, error) {
	p.mu.Lock()
	var target uint64
	for {
		if pub := p.pubs[base]; pub != nil {
			if p.fixed == "" {
				p.used[base] = p.now()
			}
			p.mu.Unlock()
			p.checkCurrent(ctx, pub)
			return pub, nil
		}
		if _, kept := p.used[base]; target != 0 && p.fixed == "" && !kept {
			target = 0 // forgotten for newer addresses meanwhile: ask again
		}
		if target != 0 && p.ended >= target {
			// The round meant to publish base has ended without it.
			err := p.roundErr
			p.mu.Unlock()
			if err == nil {
				err = errors.New("open data: not published")
			}
			return nil, err
		}
		if p.fixed == "" {
			p.addBaseLocked(base)
		}
		// The next round to begin takes base in.
		target = p.begun + 1
		p.kickLocked()
		done := p.done
		p.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		p.mu.Lock()
	}
}

// addBaseLocked starts publishing for base, forgetting the address asked
// for longest ago when there are maxBases already.
func (p *publisher) addBaseLocked(base string) {
	if _, ok := p.used[base]; !ok && len(p.used) >= maxBases {
		var oldest string
		var at time.Time
		for b, t := range p.used {
			if oldest == "" || t.Before(at) {
				oldest, at = b, t
			}
		}
		delete(p.used, oldest)
		delete(p.pubs, oldest)
	}
	p.used[base] = p.now()
}

// current is the key a publication made now would have.
func (p *publisher) current(ctx context.Context) (pubKey, error) {
	v, err := p.s.store.DataVersion(ctx)
	if err != nil {
		return pubKey{}, err
	}
	return pubKey{version: v, day: today()}, nil
}

// checkCurrent wakes the publisher when pub is older than the data or
// the day. It costs a request one read of the data version (remembered by
// the store for a moment).
func (p *publisher) checkCurrent(ctx context.Context, pub *publication) {
	key, err := p.current(ctx)
	if err != nil || key == pub.key {
		return
	}
	p.mu.Lock()
	p.kickLocked()
	p.mu.Unlock()
}

// kickLocked makes sure a worker runs and looks again.
func (p *publisher) kickLocked() {
	p.pending = true
	select {
	case p.wake <- struct{}{}:
	default:
	}
	if !p.working {
		p.working = true
		go p.work()
	}
}

// watch looks every publishWatch whether a publication is behind, until
// the background context ends. With a configured address it publishes at
// once, so not even the first request waits.
func (p *publisher) watch() {
	if p.fixed != "" {
		p.mu.Lock()
		p.kickLocked()
		p.mu.Unlock()
	}
	t := time.NewTicker(publishWatch)
	defer t.Stop()
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C:
		}
		key, err := p.current(p.ctx)
		if err != nil {
			continue
		}
		p.mu.Lock()
		for _, pub := range p.pubs {
			if pub.key != key {
				p.kickLocked()
				break
			}
		}
		p.mu.Unlock()
	}
}

// work publishes, round by round, until every address's publication is
// current and nobody asked again meanwhile.
func (p *publisher) work() {
	for {
		if !p.waitGap() {
			// The instance is shutting down: this round publishes nothing,
			// and a request waiting for a first publication gets the error.
			p.mu.Lock()
			p.working = false
			p.begun++
			p.endRoundLocked(fmt.Errorf("open data: not published: %w", context.Cause(p.ctx)))
			p.mu.Unlock()
			return
		}
		p.mu.Lock()
		p.pending = false
		p.begun++
		bases := p.basesLocked()
		prev := map[string]*publication{}
		for _, b := range bases {
			prev[b] = p.pubs[b]
		}
		p.mu.Unlock()

		pubs, start, err := p.round(bases, prev)

		p.mu.Lock()
		for b, pub := range pubs {
			if _, kept := p.used[b]; kept || p.fixed != "" { // not forgotten meanwhile
				p.pubs[b] = pub
			}
		}
		if !start.IsZero() {
			p.started, p.took, p.failed = start, p.now().Sub(start), err != nil
		}
		p.endRoundLocked(err)
		if !p.pending {
			p.working = false
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
	}
}

// endRoundLocked records a round's end and wakes those waiting for it.
func (p *publisher) endRoundLocked(err error) {
	p.ended = p.begun
	p.roundErr = err
	close(p.done)
	p.done = make(chan struct{})
}

// waitGap waits until the next publication may start: at once when an
// address has none yet (unless the last attempt failed: then
// publishRetry after it), else publishGapFactor times the last one's
// duration after it started. It reports false when the background
// context ended.
func (p *publisher) waitGap() bool {
	for {
		p.mu.Lock()
		gap := time.Duration(publishGapFactor) * p.took
		if p.failed {
			gap = max(gap, publishRetry)
		}
		wait := p.started.Add(gap).Sub(p.now())
		if !p.failed {
			for _, b := range p.basesLocked() {
				if p.pubs[b] == nil {
					wait = 0 // a new address: its request is waiting
				}
			}
		}
		p.mu.Unlock()
		if p.ctx.Err() != nil {
			return false
		}
		if wait <= 0 {
			return true
		}
		t := time.NewTimer(wait)
		select {
		case <-p.ctx.Done():
			t.Stop()
			return false
		case <-p.wake: // perhaps a new address: look again
			t.Stop()
		case <-t.C:
		}
	}
}

// round publishes for each address whose publication is behind (prev
// holds the current ones): the records are read once, the files rendered
// per address. start is zero when nothing was behind.
func (p *publisher) round(bases []string, prev map[string]*publication) (pubs map[string]*publication, start time.Time, err error) {
	ctx := p.ctx
	key, err := p.current(ctx)
	if err != nil {
		return nil, p.now(), fmt.Errorf("open data: %w", err)
	}
	var behind []string
	for _, b := range bases {
		if prev[b] == nil || prev[b].key != key {
			behind = append(behind, b)
		}
	}
	if len(behind) == 0 {
		return nil, time.Time{}, nil
	}
	start = p.now()
	// The data version is read before the records: a write that lands
	// while they are read makes the next look republish, never the other
	// way round.
	recs, set, err := p.s.openDataRecords(ctx)
	if err != nil {
		return nil, start, fmt.Errorf("open data: %w", err)
	}
	pubs = map[string]*publication{}
	for _, b := range behind {
		pub, err := p.s.publish(recs, set, key, b, prev[b], p.now)
		if err != nil {
			return pubs, start, fmt.Errorf("open data for %s: %w", b, err)
		}
		pubs[b] = pub
	}
	p.s.log.InfoContext(ctx, "open data published", slog.Int64("data_version", key.version),
		slog.Int("addresses", len(behind)), slog.Duration("took", p.now().Sub(start)))
	return pubs, start, nil
}

// openDataRecords reads what the open data are built from: the settings,
// the networks, every public collaboration and their decisions.
func (s *server) openDataRecords(ctx context.Context) (opendata.Records, opendata.Settings, error) {
	set, err := s.settings(ctx)
	if err != nil {
		return opendata.Records{}, set, err
	}
	nets, err := s.store.Networks(ctx)
	if err != nil {
		return opendata.Records{}, set, err
	}
	var collabs []*samverkan.Collaboration
	for {
		pg, total, err := s.store.FindCollaborations(ctx, samverkan.CollaborationFilter{PublicOnly: true,
			Limit: samverkan.MaxLimit, Offset: len(collabs)})
		if err != nil {
			return opendata.Records{}, set, err
		}
		collabs = append(collabs, pg...)
		if len(pg) == 0 || len(collabs) >= total {
			break
		}
	}
	public := map[int64]bool{}
	for _, c := range collabs {
		public[c.ID] = c.Public
	}
	items, err := s.store.FindDecisions(ctx, samverkan.DecisionFilter{})
	if err != nil {
		return opendata.Records{}, set, err
	}
	decisions := map[int64][]samverkan.Decision{}
	for _, it := range items {
		if public[it.CollaborationID] {
			decisions[it.CollaborationID] = append(decisions[it.CollaborationID], it.Decision)
		}
	}
	return opendata.Records{Networks: nets, Collaborations: collabs, Decisions: decisions}, set, nil
}

// buildDataset is the dataset of recs with its links under base.
func (s *server) buildDataset(recs opendata.Records, set opendata.Settings, base string, on samverkan.Date) *opendata.Dataset {
	return opendata.Build(recs, opendata.Options{Publisher: opendata.Publisher{Name: set.PublisherName, URL: set.PublisherURL},
		Licence: set.LicenceOrDefault(), BaseURL: base, On: on, Catalog: s.cat})
}

// renderFiles renders every file of ds: what a publication serves.
func (s *server) renderFiles(ds *opendata.Dataset, set opendata.Settings, base string) (map[string]*opendata.Rendered, error) {
	out := map[string]*opendata.Rendered{}
	r, err := opendata.RenderJSON(ds)
	if err != nil {
		return nil, err
	}
	out["samverkan.json"] = r
	for _, t := range opendata.Tables {
		if out[t.CSVName()], err = opendata.RenderCSV(ds, t.Name); err != nil {
			return nil, err
		}
	}
	pkg := opendata.DataPackage(opendata.PackageOptions{Licence: ds.Licence, BaseURL: base + "/oppna-data"})
	out["datapackage.json"] = &opendata.Rendered{Body: pkg, ContentType: "application/json; charset=utf-8", ETag: opendata.ETag(pkg)}
	if catalogued(set) {
		g, err := dcat.Catalogue(ds, dcat.Config{BaseURL: base, PublisherName: ds.Publisher.Name, PublisherURL: ds.Publisher.URL,
			ContactName: set.ContactName, ContactEmail: set.ContactEmail, Licence: ds.Licence}, s.cat)
		if err != nil {
			return nil, err
		}
		for _, media := range []string{dcat.MediaTurtle, dcat.MediaJSONLD} {
			body, ct, err := dcat.Render(g, media)
			if err != nil {
				return nil, err
			}
			out[catalogueFile(media)] = &opendata.Rendered{Body: body, ContentType: ct, ETag: opendata.ETag(body)}
		}
	}
	return out, nil
}

// catalogued reports whether the catalogue is published: DCAT-AP-SE needs
// a contact point.
func catalogued(set opendata.Settings) bool {
	return strings.TrimSpace(set.ContactName) != "" && strings.TrimSpace(set.ContactEmail) != ""
}

// publish makes the publication of recs for base. A file whose bytes are
// those of prev's keeps prev's gzip and Last-Modified; any other is
// compressed and dated now.
func (s *server) publish(recs opendata.Records, set opendata.Settings, key pubKey, base string, prev *publication, now func() time.Time) (*publication, error) {
	ds := s.buildDataset(recs, set, base, key.day)
	rendered, err := s.renderFiles(ds, set, base)
	if err != nil {
		return nil, err
	}
	// Last-Modified is when these bytes were first published: never before
	// the newest record in them, whatever the clocks.
	made := now().UTC().Truncate(time.Second)
	if lm := opendata.LastModified(ds); lm.After(made) {
		made = lm
	}
	pub := &publication{key: key, base: base, made: made, publisher: ds.Publisher.Name, licence: ds.Licence,
		generated: ds.Generated, networks: len(ds.Networks), collaborations: len(ds.Collaborations),
		files: map[string]*publishedFile{}}
	for name, r := range rendered {
		if prev != nil {
			if old := prev.files[name]; old != nil && old.etag == r.ETag && old.contentType == r.ContentType {
				pub.files[name] = old
				continue
			}
		}
		gz, err := gzipBytes(r.Body)
		if err != nil {
			return nil, err
		}
		pub.files[name] = &publishedFile{contentType: r.ContentType, modified: made, body: r.Body, etag: r.ETag,
			gz: gz, gzETag: gzipETag(r.ETag)}
	}
	return pub, nil
}

// gzipBytes compresses b once for every request that accepts gzip. The
// default level: the 32 MB JSON shrinks about tenfold, and the time is
// spent once per publication, in the background.
func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b) / 8)
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipETag is the gzip representation's tag, told apart from the
// identity's: `"abc"` becomes `"abc-gzip"`.
func gzipETag(etag string) string {
	return strings.TrimSuffix(etag, `"`) + `-gzip"`
}
