package server_test

import "testing"

// The pictures (issue 14) at national scale (20 000 collaborations),
// without the response cache. The goal of /karta is under 20 ms per
// request. The map's boundaries are projected and simplified once at start
// (internal/geo); per request the store counts participation (one
// aggregate query, kept in the store's data-version read cache like the
// facets) and the page colours the 290 prepared paths.

func BenchmarkMapNational(b *testing.B) { benchLife(b, at("/karta")) }

func BenchmarkMapNetworkLayer(b *testing.B) {
	benchLife(b, at("/karta?natverk=syn-01&lager=deltagare"))
}

func BenchmarkMapFiltered(b *testing.B) {
	benchLife(b, at("/karta?omrade=X-IT&form=avtalssamverkan"))
}
