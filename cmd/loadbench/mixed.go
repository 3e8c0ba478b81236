package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

// The mixed benchmark (issue 16): real use touches hundreds of distinct
// pages while somebody edits. 64 clients (--mixed-clients) each ask for a
// page chosen at random among every municipality page, every network page
// (plain and filtered) and pipeline, a few hundred collaborations, searches,
// the overview and /insyn; first with nobody writing, warm (the ceiling),
// then with a writer changing one collaboration per second through the API
// (GET, then PUT with If-Match). The figure that counts is the second run's
// throughput as a share of the first, and its p99.

// mixedResult is one database's mixed run.
type mixedResult struct {
	Pages       int     `json:"pages"`
	Clients     int     `json:"clients"`
	Ceiling     cell    `json:"ceiling"`     // no writer, warm
	Writing     cell    `json:"with_writer"` // one write per second
	Writes      int64   `json:"writes"`
	WriteErrors int64   `json:"write_errors"`
	Ratio       float64 `json:"ratio_of_ceiling"`
}

// mixedPages lists the pages of the mix, found through the API.
func mixedPages(ctx context.Context, baseURL, cookie string, collabs int) (pages []string, ids []int64, err error) {
	getJSON := func(path string, v any) error {
		body, _, status, err := fetchOnce(ctx, baseURL+path, cookie)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("GET %s = %d", path, status)
		}
		return json.Unmarshal(body, v)
	}
	var munis struct{ Items []struct{ Code string } }
	if err := getJSON("/api/v1/municipalities", &munis); err != nil {
		return nil, nil, err
	}
	for _, m := range munis.Items {
		pages = append(pages, "/kommun/"+m.Code)
	}
	var nets struct{ Items []struct{ Slug string } }
	if err := getJSON("/api/v1/networks", &nets); err != nil {
		return nil, nil, err
	}
	for _, n := range nets.Items {
		pages = append(pages, "/natverk/"+n.Slug, "/natverk/"+n.Slug+"/mojligheter",
			"/natverk/"+n.Slug+"?status=igang&sort=-start")
	}
	for offset := 0; len(ids) < collabs; offset += 100 {
		var cs struct {
			Items []struct{ ID int64 }
			Total int
		}
		if err := getJSON(fmt.Sprintf("/api/v1/collaborations?limit=100&offset=%d", offset*7), &cs); err != nil {
			return nil, nil, err
		}
		if len(cs.Items) == 0 {
			break
		}
		for _, c := range cs.Items {
			ids = append(ids, c.ID)
		}
	}
	ids = ids[:min(len(ids), collabs)]
	for _, id := range ids {
		pages = append(pages, fmt.Sprintf("/samverkan/%d", id))
	}
	for _, q := range []string{"gemensam", "IT", "nämnd", "avfall", "räddningstjänst", "överförmyndare",
		"upphandling", "lönecenter", "vatten", "e-tjänster", "växel", "kultur", "miljö", "bygglov",
		"skola", "arkiv", "gemensam nämnd", "ekonomi", "turism", "näringsliv"} {
		pages = append(pages, "/sok?q="+url.QueryEscape(q))
	}
	pages = append(pages, "/", "/insyn")
	return pages, ids, nil
}

// benchMixed runs the mixed benchmark against a served database.
func benchMixed(ctx context.Context, c *config, baseURL string, log io.Writer) (*mixedResult, error) {
	cookie, err := login(ctx, baseURL, c.Email, c.Password)
	if err != nil {
		return nil, err
	}
	pages, ids, err := mixedPages(ctx, baseURL, cookie, c.MixedCollabs)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no collaborations to write")
	}
	res := &mixedResult{Pages: len(pages), Clients: c.MixedClients}
	// Every client logs in once, before any clock runs: a login hashes a
	// password on purpose slowly, and 64 of them took longer than a run.
	cookies := make([]string, c.MixedClients)
	for i := range cookies {
		if cookies[i], err = login(ctx, baseURL, c.Email, c.Password); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(log, "mixed: %d pages, %d clients; warming up …\n", len(pages), c.MixedClients)
	// Warm: every page once, then load for the warm-up time.
	for _, p := range pages {
		if _, _, _, err := fetchOnce(ctx, baseURL+p, cookie); err != nil {
			return nil, err
		}
	}
	pick := func(rng *rand.Rand) string { return baseURL + pages[rng.IntN(len(pages))] }
	measureMix(ctx, pick, c.Warmup, cookies)
	res.Ceiling = measureMix(ctx, pick, c.Duration, cookies)
	fmt.Fprintf(log, "mixed, no writer:       %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms\n", res.Ceiling.RPS, res.Ceiling.P50ms, res.Ceiling.P99ms)

	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rng := rand.New(rand.NewPCG(uint64(c.Seed), 2))
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for n := 0; ; n++ {
			if err := writeOne(wctx, baseURL, cookie, ids[rng.IntN(len(ids))], n); err != nil {
				if wctx.Err() != nil {
					return
				}
				atomic.AddInt64(&res.WriteErrors, 1)
				fmt.Fprintln(log, "mixed writer:", err)
			} else {
				atomic.AddInt64(&res.Writes, 1)
			}
			select {
			case <-wctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	res.Writing = measureMix(ctx, pick, c.Duration, cookies)
	stop()
	wg.Wait()
	if res.Ceiling.RPS > 0 {
		res.Ratio = res.Writing.RPS / res.Ceiling.RPS
	}
	fmt.Fprintf(log, "mixed, one write/s:     %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d writes, %.0f %% of no writer)\n",
		res.Writing.RPS, res.Writing.P50ms, res.Writing.P99ms, res.Writes, 100*res.Ratio)
	return res, nil
}

// writeOne changes one collaboration through the API as a client would:
// read it, change its description, put it back with If-Match.
func writeOne(ctx context.Context, baseURL, cookie string, id int64, n int) error {
	u := fmt.Sprintf("%s/api/v1/collaborations/%d", baseURL, id)
	body, header, status, err := fetchOnce(ctx, u, cookie)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET %s = %d", u, status)
	}
	var c map[string]any
	if err := json.Unmarshal(body, &c); err != nil {
		return err
	}
	desc, _ := c["description"].(string)
	if len(desc) > 2000 {
		desc = desc[:0]
	}
	c["description"] = fmt.Sprintf("%s Ändrad av lastmätningen (%d).", desc, n)
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", header.Get("ETag"))
	req.Header.Set("Cookie", cookie)
	resp, err := noRedirect.Do(req)
	if err != nil {
		return err
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("PUT %s = %d: %.300s", u, resp.StatusCode, out)
	}
	return nil
}

// measureMix is measure over a mix: each request goes to pick's choice;
// there is a client per cookie.
func measureMix(ctx context.Context, pick func(*rand.Rand) string, d time.Duration, cookies []string) cell {
	clients := len(cookies)
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients,
		IdleConnTimeout: 30 * time.Second, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ctx, cancel := context.WithTimeout(ctx, d+15*time.Second)
	defer cancel()
	lat := make([][]time.Duration, clients)
	errs := make([]int, clients)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			own := make([]time.Duration, 0, 4096)
			for time.Now().Before(deadline) && ctx.Err() == nil {
				u := pick(rng)
				t0 := time.Now()
				if get(ctx, client, u, cookies[i]) {
					own = append(own, time.Since(t0))
				} else {
					errs[i]++
				}
			}
			lat[i] = own
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	nerr := 0
	for i := range lat {
		all = append(all, lat[i]...)
		nerr += errs[i]
	}
	slices.Sort(all)
	return cell{Clients: clients, Requests: len(all), Errors: nerr, Seconds: elapsed.Seconds(),
		RPS:   float64(len(all)) / elapsed.Seconds(),
		P50ms: ms(percentile(all, 0.50)), P95ms: ms(percentile(all, 0.95)),
		P99ms: ms(percentile(all, 0.99)), MaxMs: ms(percentile(all, 1))}
}

// printMixed writes the mixed run's table.
func printMixed(w io.Writer, label string, m *mixedResult) {
	fmt.Fprintf(w, "\n%s, mixed: %d distinct pages at random, %d clients, a writer changing one collaboration per second\n",
		label, m.Pages, m.Clients)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "run\treq/s\tp50 ms\tp95 ms\tp99 ms\terrors\twrites\tof ceiling\t\n")
	fmt.Fprintf(tw, "no writer (ceiling)\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t\t\t\n", m.Ceiling.RPS, m.Ceiling.P50ms, m.Ceiling.P95ms, m.Ceiling.P99ms, m.Ceiling.Errors)
	fmt.Fprintf(tw, "one write per second\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%.0f %%\t\n", m.Writing.RPS, m.Writing.P50ms, m.Writing.P95ms, m.Writing.P99ms, m.Writing.Errors, m.Writes, 100*m.Ratio)
	tw.Flush()
}
