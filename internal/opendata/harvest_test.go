package opendata

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func datasetJSON(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, Build(fixture(), fixtureOptions())); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFetch(t *testing.T) {
	body := datasetJSON(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gammal" {
			http.Redirect(w, r, "/oppna-data/data.json", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("ETag", `"abc"`)
		w.Write(body)
	}))
	defer srv.Close()
	fetched := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	h, err := Fetch(context.Background(), srv.URL+"/gammal", HarvestOptions{Now: func() time.Time { return fetched }})
	if err != nil {
		t.Fatal(err)
	}
	if h.Source != srv.URL+"/gammal" || h.Final != srv.URL+"/oppna-data/data.json" || !h.Fetched.Equal(fetched) || h.ETag != `"abc"` {
		t.Errorf("harvest = %+v", h)
	}
	if got := jsonOf(t, h.Dataset); got != string(body) {
		t.Errorf("the harvested dataset differs from what was served:\n%s", got)
	}
}

func TestFetchRefusesBrokenOrHostileSources(t *testing.T) {
	good := datasetJSON(t)
	big := bytes.Repeat([]byte(" "), 5000)
	mux := http.NewServeMux()
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><title>Start</title>"))
	})
	mux.HandleFunc("/html-as-json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("\n  <!DOCTYPE html><html>…"))
	})
	mux.HandleFunc("/xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Write([]byte("<a/>"))
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(good[:len(good)/2])
	})
	mux.HandleFunc("/wrong-schema", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items": [], "next": null}`))
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) { // no Content-Length: chunked
		w.Header().Set("Content-Type", "application/json")
		w.Write(good[:1])
		w.(http.Flusher).Flush()
		w.Write(big)
	})
	mux.HandleFunc("/huge-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(big)))
		w.Write(big)
	})
	mux.HandleFunc("/slow-headers", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(good[:10])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.se/data.json", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	plain := srv.URL
	// An https server that sends the client down to plain http.
	tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain+"/gone", http.StatusFound)
	}))
	defer tls.Close()

	opt := HarvestOptions{MaxBytes: 2000, Timeout: 300 * time.Millisecond}
	cases := []struct {
		url, kind, detail string
	}{
		{plain + "/html", KindNotJSON, "HTML page"},
		{plain + "/html-as-json", KindNotJSON, "HTML"},
		{plain + "/xml", KindNotJSON, "application/xml"},
		{plain + "/broken", KindNotJSON, "not valid JSON"},
		{plain + "/wrong-schema", KindSchema, "schema_version"},
		{plain + "/huge", KindTooLarge, "2000"},
		{plain + "/huge-declared", KindTooLarge, "5000 bytes"},
		{plain + "/slow-headers", KindTimeout, ""},
		{plain + "/slow-body", KindTimeout, ""},
		{plain + "/gone", KindStatus, "404"},
		{plain + "/to-ftp", KindRedirect, "ftp"},
		{plain + "/loop", KindRedirect, "more than 5 redirects"},
		{tls.URL + "/", KindRedirect, "https down to http"},
		{"file:///etc/passwd", KindURL, ""},
		{"ftp://example.se/x.json", KindURL, ""},
		{"javascript:alert(1)", KindURL, ""},
		{"https://user:secret@example.se/x.json", KindURL, "password"},
		{"http://127.0.0.1:1/", KindFetch, ""}, // nothing listens on port 1
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			o := opt
			if strings.HasPrefix(tc.url, tls.URL) {
				o.Client = tls.Client()
			}
			start := time.Now()
			h, err := Fetch(context.Background(), tc.url, o)
			if h != nil {
				t.Error("a partial result came back")
			}
			var pe *Error
			if !errors.As(err, &pe) || pe.Kind != tc.kind {
				t.Fatalf("err = %v, want kind %s", err, tc.kind)
			}
			if !strings.Contains(pe.Error(), tc.detail) {
				t.Errorf("error %q does not say %q", pe.Error(), tc.detail)
			}
			if pe.Message("sv") == "" || pe.Message("sv") == pe.Message("en") {
				t.Errorf("messages: %q / %q", pe.Message("sv"), pe.Message("en"))
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("took %v; the timeout is %v", time.Since(start), o.Timeout)
			}
		})
	}
}

func TestFetchHonoursContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := Fetch(ctx, srv.URL, HarvestOptions{})
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != KindTimeout {
		t.Fatalf("err = %v, want a timeout from the caller's context", err)
	}
}
