// Package ical writes reminder feeds as iCalendar (RFC 5545) for calendar
// programs to subscribe to: deadlines as all-day events, meetings as timed
// events in Europe/Stockholm.
//
// The package only writes; it never parses. The output is plain RFC 5545:
// CRLF line ends, lines folded at 75 octets without splitting a UTF-8
// sequence, TEXT values escaped, and a VTIMEZONE for every TZID it uses, so
// clients that do not know the Olson name (some older Outlook versions) still
// place meetings right.
//
// Use:
//
//	cal := ical.Calendar{
//		Name:  "Påminnelser – GGVV",
//		Stamp: lastChange,
//		Events: []ical.Event{
//			{UID: "agreement-42@samverkan", Day: samverkan.MustDate("2025-12-31"), Summary: "Avtal löper ut"},
//			{UID: "meeting-7@samverkan", Start: start, End: end, Summary: "Styrgrupp"},
//		},
//	}
//	w.Header().Set("Content-Type", ical.ContentType)
//	_, err := cal.WriteTo(w)
package ical

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // the binary must place meetings right on hosts without /usr/share/zoneinfo
	"unicode/utf8"

	"github.com/samverkan/samverkan"
)

// ContentType is the media type of a feed (RFC 5545 section 8.1).
const ContentType = "text/calendar; charset=utf-8"

// DefaultProdID names the product that wrote the feed when Calendar.ProdID is empty.
const DefaultProdID = "-//Samverkan//Samverkan påminnelser//SV"

// TZID is the one time zone timed events are written in.
const TZID = "Europe/Stockholm"

// stockholm is loaded once; the embedded tzdata makes this independent of the host.
var stockholm = mustLoad(TZID)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("ical: load %s: %v", name, err))
	}
	return loc
}

// Calendar is one feed: a VCALENDAR with its events in the order given.
type Calendar struct {
	// ProdID is the PRODID; DefaultProdID when empty.
	ProdID string
	// Name is the feed's display name (X-WR-CALNAME), e.g. "Påminnelser – GGVV".
	Name string
	// Description is an optional X-WR-CALDESC.
	Description string
	// Stamp is the DTSTAMP of every event that has none of its own. It
	// should be when the feed's data last changed, not the time of the
	// request: clients treat a new DTSTAMP as a changed event. Required
	// unless every event has its own Stamp.
	Stamp  time.Time
	Events []Event
}

// Event is one VEVENT. Set Day for an all-day event (a deadline) or Start
// (and usually End) for a timed one (a meeting), never both.
type Event struct {
	// UID identifies the event across feed refreshes; it must be stable and
	// unique, e.g. "decision-123@samverkan". Clients update an event with a
	// known UID instead of adding a copy.
	UID string
	// Stamp overrides Calendar.Stamp for this event (DTSTAMP).
	Stamp time.Time
	// Day makes an all-day event: DTSTART;VALUE=DATE is Day, DTEND the day after.
	Day samverkan.Date
	// Start and End make a timed event, written in Europe/Stockholm whatever
	// location they carry. A zero End writes no DTEND (an event without
	// duration, RFC 5545 3.6.1).
	Start, End time.Time
	// Summary is the title; Description the longer text (newlines kept).
	Summary, Description string
	// URL links back to the record, e.g. the collaboration's page.
	URL string
	// Categories are written as one CATEGORIES property each, so a category
	// may itself contain a comma.
	Categories []string
}

// AllDay reports whether e is an all-day event.
func (e Event) AllDay() bool { return !e.Day.IsZero() }

// Validate reports the first problem that would make the feed wrong, as an
// EINVALID error whose message names the event.
func (c Calendar) Validate() error {
	seen := make(map[string]int, len(c.Events))
	for i, e := range c.Events {
		where := fmt.Sprintf("händelse %d (UID %q)", i+1, e.UID)
		switch {
		case strings.TrimSpace(e.UID) == "":
			return samverkan.Errorf(samverkan.EINVALID, "Händelse %d saknar UID.", i+1)
		case hasControl(e.UID):
			return samverkan.Errorf(samverkan.EINVALID, "%s: UID får inte innehålla styrtecken.", where)
		case e.Stamp.IsZero() && c.Stamp.IsZero():
			return samverkan.Errorf(samverkan.EINVALID, "%s saknar DTSTAMP: ange Calendar.Stamp eller Event.Stamp.", where)
		case e.AllDay() && !e.Start.IsZero():
			return samverkan.Errorf(samverkan.EINVALID, "%s har både ett heldagsdatum och en starttid.", where)
		case !e.Day.Valid():
			return samverkan.Errorf(samverkan.EINVALID, "%s har ett ogiltigt datum %q.", where, e.Day.Raw())
		case !e.AllDay() && e.Start.IsZero():
			return samverkan.Errorf(samverkan.EINVALID, "%s saknar både datum och starttid.", where)
		case !e.AllDay() && !e.End.IsZero() && e.End.Before(e.Start):
			return samverkan.Errorf(samverkan.EINVALID, "%s slutar före den börjar.", where)
		}
		if e.URL != "" {
			if err := checkURL(e.URL); err != nil {
				return samverkan.Errorf(samverkan.EINVALID, "%s: %v", where, err)
			}
		}
		if j, dup := seen[e.UID]; dup {
			return samverkan.Errorf(samverkan.EINVALID, "Händelse %d och %d har samma UID %q.", j+1, i+1, e.UID)
		}
		seen[e.UID] = i
	}
	return nil
}

func checkURL(s string) error {
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Errorf("länken %q innehåller blanksteg eller styrtecken", s)
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		return fmt.Errorf("länken %q är inte en fullständig adress", s)
	}
	return nil
}

// WriteTo validates c and writes the feed to w. Nothing is written when c is
// invalid, so a handler can still answer with an error.
func (c Calendar) WriteTo(w io.Writer) (int64, error) {
	b, err := c.Bytes()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// Bytes validates c and returns the feed.
func (c Calendar) Bytes() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var lw lineWriter
	lw.line("BEGIN:VCALENDAR")
	lw.line("VERSION:2.0")
	prodID := c.ProdID
	if prodID == "" {
		prodID = DefaultProdID
	}
	lw.line("PRODID:" + escapeText(prodID))
	lw.line("CALSCALE:GREGORIAN")
	lw.line("METHOD:PUBLISH")
	if c.Name != "" {
		lw.line("X-WR-CALNAME:" + escapeText(c.Name))
	}
	if c.Description != "" {
		lw.line("X-WR-CALDESC:" + escapeText(c.Description))
	}
	timed := false
	for _, e := range c.Events {
		timed = timed || !e.AllDay()
	}
	if timed {
		lw.line("X-WR-TIMEZONE:" + TZID)
		// RFC 5545 3.2.19: every TZID used needs its VTIMEZONE.
		writeStockholm(&lw)
	}
	for _, e := range c.Events {
		stamp := e.Stamp
		if stamp.IsZero() {
			stamp = c.Stamp
		}
		lw.line("BEGIN:VEVENT")
		lw.line("UID:" + escapeText(e.UID))
		lw.line("DTSTAMP:" + utcStamp(stamp))
		if e.AllDay() {
			day := e.Day.Time()
			lw.line("DTSTART;VALUE=DATE:" + day.Format("20060102"))
			lw.line("DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102"))
			// A deadline does not make anyone busy.
			lw.line("TRANSP:TRANSPARENT")
		} else {
			lw.line(dateTime("DTSTART", e.Start))
			if !e.End.IsZero() {
				lw.line(dateTime("DTEND", e.End))
			}
		}
		if e.Summary != "" {
			lw.line("SUMMARY:" + escapeText(e.Summary))
		}
		if e.Description != "" {
			lw.line("DESCRIPTION:" + escapeText(e.Description))
		}
		if e.URL != "" {
			lw.line("URL:" + e.URL)
		}
		for _, cat := range e.Categories {
			if cat != "" {
				lw.line("CATEGORIES:" + escapeText(cat))
			}
		}
		lw.line("END:VEVENT")
	}
	lw.line("END:VCALENDAR")
	return lw.buf.Bytes(), nil
}

// writeStockholm writes the VTIMEZONE for Europe/Stockholm: CET (+0100) with
// summer time (+0200) from the last Sunday of March at 02:00 to the last
// Sunday of October at 03:00 local time (01:00 UTC both), the EU rule
// Sweden has followed since 1996. Times before 1996 are outside these rules.
func writeStockholm(lw *lineWriter) {
	lw.line("BEGIN:VTIMEZONE")
	lw.line("TZID:" + TZID)
	lw.line("X-LIC-LOCATION:" + TZID)
	lw.line("BEGIN:DAYLIGHT")
	lw.line("TZOFFSETFROM:+0100")
	lw.line("TZOFFSETTO:+0200")
	lw.line("TZNAME:CEST")
	lw.line("DTSTART:19960331T020000")
	lw.line("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	lw.line("END:DAYLIGHT")
	lw.line("BEGIN:STANDARD")
	lw.line("TZOFFSETFROM:+0200")
	lw.line("TZOFFSETTO:+0100")
	lw.line("TZNAME:CET")
	lw.line("DTSTART:19961027T030000")
	lw.line("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	lw.line("END:STANDARD")
	lw.line("END:VTIMEZONE")
}

func utcStamp(t time.Time) string   { return t.UTC().Format("20060102T150405Z") }
func localStamp(t time.Time) string { return t.In(stockholm).Format("20060102T150405") }

// dateTime writes a DTSTART or DTEND as Stockholm wall time. When summer
// time ends the clock passes 02:00–03:00 twice, and RFC 5545 3.3.5 reads
// such a wall time as the first pass; an instant in the second pass is
// therefore written in UTC, the one form that names it exactly.
func dateTime(name string, t time.Time) string {
	wall := localStamp(t)
	if localStamp(t.Add(-time.Hour)) == wall {
		return name + ":" + utcStamp(t)
	}
	return name + ";TZID=" + TZID + ":" + wall
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11). Line breaks of any
// kind become \n; other control characters, which TEXT cannot carry, are
// dropped, and invalid UTF-8 becomes U+FFFD.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\r':
			b.WriteString(`\n`)
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteByte(c)
		default:
			if c < ' ' || c == 0x7f {
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f })
}

// maxLine is the longest content line RFC 5545 3.1 allows, in octets,
// without the CRLF.
const maxLine = 75

// lineWriter folds content lines: the first physical line holds at most 75
// octets, each continuation a space and at most 74 more. Cuts fall on UTF-8
// boundaries, as 3.1 asks ("SHOULD NOT split a multi-octet sequence").
type lineWriter struct{ buf bytes.Buffer }

func (lw *lineWriter) line(s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		lw.buf.WriteString(s[:cut])
		lw.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	lw.buf.WriteString(s)
	lw.buf.WriteString("\r\n")
}
