package dcat

import (
	"bytes"
	"mime"
	"strconv"
	"strings"
)

// Media types of the two serialisations.
const (
	MediaTurtle = "text/turtle"
	MediaJSONLD = "application/ld+json"
)

// Negotiate picks the serialisation for an Accept header: JSON-LD when it
// is preferred (application/ld+json, or application/json) and Turtle
// otherwise, Turtle being what a person who opens the address reads best
// and what harvesters that send no Accept take.
func Negotiate(accept string) string {
	best, bestQ := MediaTurtle, 0.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		var media string
		switch mt {
		case MediaJSONLD, "application/json":
			media = MediaJSONLD
		case MediaTurtle, "application/x-turtle":
			media = MediaTurtle
		default:
			continue
		}
		if q > bestQ || (q == bestQ && media == MediaTurtle) {
			best, bestQ = media, q
		}
	}
	return best
}

// Render writes g in the negotiated media type and returns the body and
// its Content-Type.
func Render(g *Graph, media string) ([]byte, string, error) {
	var b bytes.Buffer
	var err error
	if media == MediaJSONLD {
		err = WriteJSONLD(&b, g)
	} else {
		media = MediaTurtle
		err = WriteTurtle(&b, g)
	}
	return b.Bytes(), media + "; charset=utf-8", err
}
