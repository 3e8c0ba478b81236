package ical_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/arran4/golang-ical"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/ical"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

// longText crosses many fold points with two- and three-octet characters, so
// a fold that splits a UTF-8 sequence or drops an octet shows up.
var longText = strings.Repeat("Kommunstyrelsen i Värnamo – beslut om förlängning; se bilaga, punkt 3. ", 12) +
	"\nAndra stycket: åäö ÅÄÖ é € \\ slut"

func sampleCalendar() ical.Calendar {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return ical.Calendar{
		Name:        "Påminnelser – GGVV, Gislaved; Gnosjö",
		Description: "Avtal som löper ut och möten i nätverket",
		Stamp:       time.Date(2025, 5, 2, 8, 30, 0, 0, time.UTC),
		Events: []ical.Event{
			{
				UID:         "agreement-42@samverkan",
				Day:         samverkan.MustDate("2025-12-31"),
				Summary:     "Påminnelse: avtal löper ut",
				Description: "Avtalet för överförmyndare, Gislaved, Gnosjö; Vaggeryd\nFörläng eller avsluta.",
				URL:         "https://samverkan.example.se/samverkan/42?flik=avtal&x=1,2",
				Categories:  []string{"Avtal", "Överförmyndare, gemensam nämnd"},
			},
			{
				UID:     "decision-123@samverkan",
				Day:     samverkan.MustDate("2024-02-29"), // leap day: DTEND is 1 March
				Summary: "Beslut krävs",
				Stamp:   time.Date(2024, 1, 10, 12, 0, 0, 0, time.UTC),
			},
			{
				UID:         "meeting-7@samverkan",
				Start:       time.Date(2025, 1, 15, 9, 0, 0, 0, stockholm), // winter, +0100
				End:         time.Date(2025, 1, 15, 11, 30, 0, 0, stockholm),
				Summary:     "Styrgrupp GGVV",
				Description: longText,
				Categories:  []string{"Möte"},
			},
			{
				UID:     "meeting-8@samverkan",
				Start:   time.Date(2025, 6, 10, 6, 0, 0, 0, time.UTC), // summer: 08:00 in Stockholm
				End:     time.Date(2025, 6, 10, 7, 0, 0, 0, time.UTC),
				Summary: "Ledningsgrupp, digitalt",
			},
			{
				UID:     "meeting-9@samverkan",
				Start:   time.Date(2025, 10, 25, 22, 0, 0, 0, newYork), // 03:00 in Stockholm, just after summer time ends
				Summary: "Avstämning utan sluttid",
			},
		},
	}
}

func parse(t *testing.T, b []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse feed: %v\n%s", err, b)
	}
	return cal
}

func calProp(cal *goical.Calendar, name string) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == name {
			return p.Value
		}
	}
	return ""
}

func prop(e *goical.VEvent, name goical.ComponentProperty) *goical.IANAProperty {
	return e.GetProperty(name)
}

func TestFeedRoundTrip(t *testing.T) {
	in := sampleCalendar()
	b, err := in.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	cal := parse(t, b)

	for name, want := range map[string]string{
		"VERSION":       "2.0",
		"PRODID":        ical.DefaultProdID,
		"CALSCALE":      "GREGORIAN",
		"X-WR-CALNAME":  in.Name,
		"X-WR-CALDESC":  in.Description,
		"X-WR-TIMEZONE": ical.TZID,
	} {
		if got := calProp(cal, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}

	events := cal.Events()
	if len(events) != len(in.Events) {
		t.Fatalf("parsed %d events, want %d", len(events), len(in.Events))
	}
	for i, want := range in.Events {
		got := events[i]
		t.Run(want.UID, func(t *testing.T) {
			if got.Id() != want.UID {
				t.Errorf("UID = %q, want %q", got.Id(), want.UID)
			}
			stamp, err := got.GetDtStampTime()
			wantStamp := want.Stamp
			if wantStamp.IsZero() {
				wantStamp = in.Stamp
			}
			if err != nil || !stamp.Equal(wantStamp) || stamp.Location() != time.UTC {
				t.Errorf("DTSTAMP = %v (%v), want %v in UTC", stamp, err, wantStamp)
			}
			if want.AllDay() {
				checkAllDay(t, got, want)
			} else {
				checkTimed(t, got, want)
			}
			if v := textOf(got, goical.ComponentPropertySummary); v != want.Summary {
				t.Errorf("SUMMARY = %q, want %q", v, want.Summary)
			}
			if v := textOf(got, goical.ComponentPropertyDescription); v != want.Description {
				t.Errorf("DESCRIPTION = %q, want %q", v, want.Description)
			}
			if v := textOf(got, goical.ComponentPropertyUrl); v != want.URL {
				t.Errorf("URL = %q, want %q", v, want.URL)
			}
			var cats []string
			for _, p := range got.GetProperties(goical.ComponentPropertyCategories) {
				cats = append(cats, p.Value)
			}
			if fmt.Sprintf("%q", cats) != fmt.Sprintf("%q", nonNil(want.Categories)) {
				t.Errorf("CATEGORIES = %q, want %q", cats, want.Categories)
			}
		})
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string(nil)
	}
	return s
}

func textOf(e *goical.VEvent, name goical.ComponentProperty) string {
	if p := prop(e, name); p != nil {
		return p.Value
	}
	return ""
}

func checkAllDay(t *testing.T, got *goical.VEvent, want ical.Event) {
	t.Helper()
	for _, name := range []goical.ComponentProperty{goical.ComponentPropertyDtStart, goical.ComponentPropertyDtEnd} {
		p := prop(got, name)
		if p == nil {
			t.Fatalf("%s missing", name)
		}
		if v := p.ICalParameters["VALUE"]; len(v) != 1 || v[0] != "DATE" {
			t.Errorf("%s VALUE = %q, want DATE", name, v)
		}
		if _, ok := p.ICalParameters["TZID"]; ok {
			t.Errorf("%s of an all-day event carries a TZID", name)
		}
	}
	start, err := got.GetAllDayStartAt()
	if err != nil {
		t.Fatal(err)
	}
	wantDay := want.Day.Time()
	if start.Format(time.DateOnly) != wantDay.Format(time.DateOnly) {
		t.Errorf("DTSTART = %s, want %s", start.Format(time.DateOnly), wantDay.Format(time.DateOnly))
	}
	end, err := got.GetAllDayEndAt()
	if err != nil {
		t.Fatal(err)
	}
	if next := wantDay.AddDate(0, 0, 1).Format(time.DateOnly); end.Format(time.DateOnly) != next {
		t.Errorf("DTEND = %s, want the next day %s", end.Format(time.DateOnly), next)
	}
}

func checkTimed(t *testing.T, got *goical.VEvent, want ical.Event) {
	t.Helper()
	p := prop(got, goical.ComponentPropertyDtStart)
	if p == nil {
		t.Fatal("DTSTART missing")
	}
	if tz := p.ICalParameters["TZID"]; len(tz) != 1 || tz[0] != ical.TZID {
		t.Errorf("DTSTART TZID = %q, want %s", tz, ical.TZID)
	}
	start, err := got.GetStartAt()
	if err != nil {
		t.Fatal(err)
	}
	if !start.Equal(want.Start) {
		t.Errorf("DTSTART = %v, want the instant %v", start, want.Start)
	}
	if start.Location().String() != ical.TZID {
		t.Errorf("DTSTART location = %v", start.Location())
	}
	endProp := prop(got, goical.ComponentPropertyDtEnd)
	if want.End.IsZero() {
		if endProp != nil {
			t.Errorf("DTEND = %q for an event without end", endProp.Value)
		}
		return
	}
	if endProp == nil {
		t.Fatal("DTEND missing")
	}
	end, err := got.GetEndAt()
	if err != nil || !end.Equal(want.End) {
		t.Errorf("DTEND = %v (%v), want %v", end, err, want.End)
	}
}

// TestLines checks the physical form the parser forgives: CRLF everywhere,
// no line over 75 octets, no fold inside a UTF-8 sequence, and unfolding
// gives back exactly the content lines.
func TestLines(t *testing.T) {
	for n := 60; n < 160; n++ {
		// Every length and offset puts a fold on a different octet of å (2
		// octets) or € (3 octets).
		in := ical.Calendar{Stamp: time.Unix(0, 0), Events: []ical.Event{{
			UID:         "x-" + strconv.Itoa(n) + "@samverkan",
			Day:         samverkan.MustDate("2025-01-01"),
			Summary:     strings.Repeat("a", n%7) + strings.Repeat("å€", n),
			Description: strings.Repeat("ö", n) + ",;\\\n" + strings.Repeat("x", n),
		}}}
		b, err := in.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasSuffix(b, []byte("\r\n")) {
			t.Fatal("feed does not end with CRLF")
		}
		lines := bytes.Split(b[:len(b)-2], []byte("\r\n"))
		for i, l := range lines {
			if len(l) > 75 {
				t.Fatalf("n=%d line %d has %d octets: %q", n, i+1, len(l), l)
			}
			if bytes.ContainsAny(l, "\r\n") {
				t.Fatalf("n=%d line %d has a bare CR or LF: %q", n, i+1, l)
			}
			if !utf8.Valid(l) {
				t.Fatalf("n=%d line %d splits a UTF-8 sequence: %q", n, i+1, l)
			}
		}
		ev := parse(t, b).Events()[0]
		if got := textOf(ev, goical.ComponentPropertySummary); got != in.Events[0].Summary {
			t.Fatalf("n=%d SUMMARY = %q, want %q", n, got, in.Events[0].Summary)
		}
		if got := textOf(ev, goical.ComponentPropertyDescription); got != in.Events[0].Description {
			t.Fatalf("n=%d DESCRIPTION = %q, want %q", n, got, in.Events[0].Description)
		}
	}
}

func TestTextNormalised(t *testing.T) {
	in := ical.Calendar{Stamp: time.Unix(0, 0), Events: []ical.Event{{
		UID:         "n@samverkan",
		Day:         samverkan.MustDate("2025-01-01"),
		Summary:     "tab\there\x00bell\x07",
		Description: "rad 1\r\nrad 2\rrad 3\nrad 4",
	}}}
	b, err := in.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	ev := parse(t, b).Events()[0]
	if got := textOf(ev, goical.ComponentPropertySummary); got != "tab\therebell" {
		t.Errorf("SUMMARY = %q: control characters must be dropped, tab kept", got)
	}
	if got := textOf(ev, goical.ComponentPropertyDescription); got != "rad 1\nrad 2\nrad 3\nrad 4" {
		t.Errorf("DESCRIPTION = %q: every kind of line break must become one newline", got)
	}
}

// TestTimezoneRules reads the VTIMEZONE back and evaluates its rules for
// every year from 1996 to 2037, checking each transition against the Go
// time zone database: the offsets before and after, and the instant.
func TestTimezoneRules(t *testing.T) {
	b, err := sampleCalendar().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	tzs := parse(t, b).Timezones()
	if len(tzs) != 1 {
		t.Fatalf("%d VTIMEZONEs, want 1", len(tzs))
	}
	if id := tzs[0].GetProperty(goical.ComponentPropertyTzid); id == nil || id.Value != ical.TZID {
		t.Fatalf("TZID = %v", id)
	}
	kinds := map[string]bool{}
	for _, c := range tzs[0].Components {
		var cb *goical.ComponentBase
		switch v := c.(type) {
		case *goical.Standard:
			cb, kinds["STANDARD"] = &v.ComponentBase, true
		case *goical.Daylight:
			cb, kinds["DAYLIGHT"] = &v.ComponentBase, true
		default:
			t.Fatalf("unexpected %T in VTIMEZONE", c)
		}
		from := offset(t, cb.GetProperty(goical.ComponentProperty("TZOFFSETFROM")).Value)
		to := offset(t, cb.GetProperty(goical.ComponentProperty("TZOFFSETTO")).Value)
		dtstart, err := time.Parse("20060102T150405", cb.GetProperty(goical.ComponentPropertyDtStart).Value)
		if err != nil {
			t.Fatal(err)
		}
		month := byMonthLastSunday(t, cb.GetProperty(goical.ComponentPropertyRrule).Value)
		for year := dtstart.Year(); year <= 2037; year++ {
			day := lastSunday(year, month)
			// The local wall time of the onset is in the offset before it.
			onset := time.Date(year, month, day, dtstart.Hour(), dtstart.Minute(), 0, 0, time.FixedZone("", from))
			if year == dtstart.Year() && !sameWall(onset, dtstart) {
				t.Errorf("DTSTART %s is not the rule's first onset %s", dtstart, onset)
			}
			_, before := onset.Add(-time.Second).In(stockholm).Zone()
			_, after := onset.In(stockholm).Zone()
			if before != from || after != to {
				t.Errorf("%d-%02d-%02d: tz database has %+d→%+d at %s, VTIMEZONE says %+d→%+d",
					year, month, day, before/3600, after/3600, onset.UTC(), from/3600, to/3600)
			}
		}
	}
	if !kinds["STANDARD"] || !kinds["DAYLIGHT"] {
		t.Errorf("VTIMEZONE has %v, want STANDARD and DAYLIGHT", kinds)
	}
}

func sameWall(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay() && a.Hour() == b.Hour() && a.Minute() == b.Minute()
}

func offset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("bad UTC offset %q", s)
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil {
		t.Fatalf("bad UTC offset %q", s)
	}
	sec := h*3600 + m*60
	if s[0] == '-' {
		sec = -sec
	}
	return sec
}

// byMonthLastSunday accepts exactly the rule shape the writer promises.
func byMonthLastSunday(t *testing.T, rule string) time.Month {
	t.Helper()
	parts := map[string]string{}
	for _, kv := range strings.Split(rule, ";") {
		k, v, _ := strings.Cut(kv, "=")
		parts[k] = v
	}
	if parts["FREQ"] != "YEARLY" || parts["BYDAY"] != "-1SU" || len(parts) != 3 {
		t.Fatalf("RRULE %q is not yearly on the last Sunday of a month", rule)
	}
	m, err := strconv.Atoi(parts["BYMONTH"])
	if err != nil {
		t.Fatalf("RRULE %q: %v", rule, err)
	}
	return time.Month(m)
}

func lastSunday(year int, month time.Month) int {
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
	return last.Day() - int(last.Weekday())
}

func TestInvalidWritesNothing(t *testing.T) {
	stamp := time.Unix(0, 0)
	day := samverkan.MustDate("2025-01-01")
	start := time.Date(2025, 1, 1, 10, 0, 0, 0, stockholm)
	cases := map[string]ical.Calendar{
		"no UID":          {Stamp: stamp, Events: []ical.Event{{Day: day}}},
		"duplicate UID":   {Stamp: stamp, Events: []ical.Event{{UID: "a", Day: day}, {UID: "a", Day: day}}},
		"no stamp":        {Events: []ical.Event{{UID: "a", Day: day}}},
		"no date":         {Stamp: stamp, Events: []ical.Event{{UID: "a"}}},
		"both kinds":      {Stamp: stamp, Events: []ical.Event{{UID: "a", Day: day, Start: start}}},
		"end before":      {Stamp: stamp, Events: []ical.Event{{UID: "a", Start: start, End: start.Add(-time.Hour)}}},
		"bad date":        {Stamp: stamp, Events: []ical.Event{{UID: "a", Day: samverkan.LenientDate("31/12")}}},
		"relative URL":    {Stamp: stamp, Events: []ical.Event{{UID: "a", Day: day, URL: "/samverkan/1"}}},
		"newline in URL":  {Stamp: stamp, Events: []ical.Event{{UID: "a", Day: day, URL: "https://x.se/\r\nX-EVIL:1"}}},
		"control in UID":  {Stamp: stamp, Events: []ical.Event{{UID: "a\r\nX-EVIL:1", Day: day}}},
		"blank UID":       {Stamp: stamp, Events: []ical.Event{{UID: "  ", Day: day}}},
		"second is wrong": {Stamp: stamp, Events: []ical.Event{{UID: "a", Day: day}, {UID: "b"}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := c.WriteTo(&buf)
			if samverkan.ErrorCode(err) != samverkan.EINVALID {
				t.Fatalf("err = %v, want an EINVALID error", err)
			}
			if n != 0 || buf.Len() != 0 {
				t.Errorf("wrote %d bytes for an invalid calendar", buf.Len())
			}
		})
	}
}

func TestOnlyTimedFeedsCarryTimezone(t *testing.T) {
	b, err := ical.Calendar{Stamp: time.Unix(0, 0), Events: []ical.Event{
		{UID: "a", Day: samverkan.MustDate("2025-01-01")},
	}}.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(parse(t, b).Timezones()); n != 0 {
		t.Errorf("an all-day feed has %d VTIMEZONEs; it uses no TZID", n)
	}
}

func TestGolden(t *testing.T) {
	b, err := sampleCalendar().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "feed.ics")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("feed differs from %s; run go test ./internal/ical -update and review the diff\n got:\n%s", path, b)
	}
}

// TestRepeatedHour covers the night summer time ends, when Stockholm's
// clocks show 02:00–03:00 twice. RFC 5545 3.3.5 reads a TZID wall time in
// that hour as its first pass, so both passes must come back as the instants
// given. The parser library resolves the ambiguity its own way, so the test
// applies the RFC's rule itself.
func TestRepeatedHour(t *testing.T) {
	first := time.Date(2025, 10, 26, 0, 30, 0, 0, time.UTC)  // 02:30 CEST
	second := time.Date(2025, 10, 26, 1, 30, 0, 0, time.UTC) // 02:30 CET
	b, err := ical.Calendar{Stamp: time.Unix(0, 0), Events: []ical.Event{
		{UID: "first", Start: first, End: second},
		{UID: "second", Start: second, End: second.Add(time.Hour)},
	}}.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	events := parse(t, b).Events()
	for i, want := range []struct{ start, end time.Time }{{first, second}, {second, second.Add(time.Hour)}} {
		for _, c := range []struct {
			name goical.ComponentProperty
			want time.Time
		}{{goical.ComponentPropertyDtStart, want.start}, {goical.ComponentPropertyDtEnd, want.end}} {
			p := prop(events[i], c.name)
			got := resolveRFC(t, p)
			if !got.Equal(c.want) {
				t.Errorf("%s %s = %q (%v), read per RFC 5545 as %v, want %v", events[i].Id(), c.name, p.Value, p.ICalParameters, got.UTC(), c.want)
			}
		}
	}
}

// resolveRFC reads a DATE-TIME as RFC 5545 3.3.5 says: UTC when it ends in
// Z, else the earliest instant whose Stockholm wall clock shows the value.
func resolveRFC(t *testing.T, p *goical.IANAProperty) time.Time {
	t.Helper()
	if strings.HasSuffix(p.Value, "Z") {
		u, err := time.Parse("20060102T150405Z", p.Value)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	if tz := p.ICalParameters["TZID"]; len(tz) != 1 || tz[0] != ical.TZID {
		t.Fatalf("%s has TZID %q", p.Value, tz)
	}
	var found []time.Time
	for _, off := range []int{7200, 3600} { // CEST before CET: earliest first
		cand, err := time.ParseInLocation("20060102T150405", p.Value, time.FixedZone("", off))
		if err != nil {
			t.Fatal(err)
		}
		if cand.In(stockholm).Format("20060102T150405") == p.Value {
			found = append(found, cand)
		}
	}
	if len(found) == 0 {
		t.Fatalf("%s does not exist in %s", p.Value, ical.TZID)
	}
	return found[0]
}
