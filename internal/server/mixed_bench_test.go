package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkMixed is the mixed benchmark of cmd/loadbench in process, for
// profiling: every municipality page, every network page and pipeline, a
// few hundred collaborations and searches at random through the cached
// handler, while a writer changes one collaboration every 100 ms through
// the API (GET, then PUT with If-Match). ns/op is per page.
func BenchmarkMixed(b *testing.B) {
	firstRenderHandler(b)
	h := benchHandler
	get := func(path string, cookie *http.Cookie) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	var pages []string
	var munis struct{ Items []struct{ Code string } }
	json.Unmarshal(get("/api/v1/municipalities", benchCookie).Body.Bytes(), &munis)
	for _, m := range munis.Items {
		pages = append(pages, "/kommun/"+m.Code)
	}
	var nets struct{ Items []struct{ Slug string } }
	json.Unmarshal(get("/api/v1/networks", benchCookie).Body.Bytes(), &nets)
	for _, n := range nets.Items {
		pages = append(pages, "/natverk/"+n.Slug, "/natverk/"+n.Slug+"/mojligheter", "/natverk/"+n.Slug+"?status=igang&sort=-start")
	}
	var ids []int64
	for off := 0; off < 4; off++ {
		var cs struct{ Items []struct{ ID int64 } }
		json.Unmarshal(get(fmt.Sprintf("/api/v1/collaborations?limit=100&offset=%d", off*700), benchCookie).Body.Bytes(), &cs)
		for _, c := range cs.Items {
			ids = append(ids, c.ID)
			pages = append(pages, fmt.Sprintf("/samverkan/%d", c.ID))
		}
	}
	for _, q := range []string{"gemensam", "IT", "nämnd", "avfall", "växel", "miljö", "skola", "ekonomi"} {
		pages = append(pages, "/sok?q="+url.QueryEscape(q))
	}
	pages = append(pages, "/", "/insyn")
	if len(munis.Items) < 290 || len(nets.Items) == 0 || len(ids) < 100 {
		b.Fatalf("%d municipalities, %d networks, %d collaborations", len(munis.Items), len(nets.Items), len(ids))
	}
	for _, p := range pages {
		if rec := get(p, benchCookie); rec.Code != 200 {
			b.Fatalf("GET %s = %d", p, rec.Code)
		}
	}
	stop := make(chan struct{})
	var writes, failed atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rng := rand.New(rand.NewPCG(7, 7))
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			path := fmt.Sprintf("/api/v1/collaborations/%d", ids[rng.IntN(len(ids))])
			if w := benchEdit(h, path, fmt.Sprintf("Ändrad %d", n)); w.Code != 200 {
				failed.Add(1)
			} else {
				writes.Add(1)
			}
		}
	}()
	var seed atomic.Uint64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(seed.Add(1), 1))
		for pb.Next() {
			if rec := get(pages[rng.IntN(len(pages))], benchCookie); rec.Code != 200 {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(writes.Load()), "writes")
	if failed.Load() > 0 {
		b.Errorf("%d writes failed", failed.Load())
	}
}

// benchEdit changes the description of the collaboration at path (its
// API address) as a client does, as the admin: read it, then PUT it back
// with If-Match. It answers the PUT's response.
func benchEdit(h http.Handler, path, description string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	r.AddCookie(firstAdmin)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	var c map[string]any
	json.Unmarshal(rec.Body.Bytes(), &c)
	c["description"] = description
	body, _ := json.Marshal(c)
	w := httptest.NewRequest("PUT", path, bytes.NewReader(body))
	w.AddCookie(firstAdmin)
	w.Header.Set("If-Match", rec.Header().Get("ETag"))
	w.Header.Set("Content-Type", "application/json")
	wrec := httptest.NewRecorder()
	h.ServeHTTP(wrec, w)
	return wrec
}
