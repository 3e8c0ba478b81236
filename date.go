package samverkan

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

const dateLayout = "2006-01-02"

// MinYear and MaxYear bound the dates and years a user enters. Nothing in
// the register (a federation, an agreement, a decision) is older than 1800
// or planned beyond 2200; outside that a date is a typing error, like
// 0001-01-01 (Go's zero time, which would be stored as unknown) or the
// year 0000.
const (
	MinYear = 1800
	MaxYear = 2200
)

// Date is a calendar date without time or zone. The zero Date means "not
// set" and is written as JSON null and SQL NULL. A Date parsed from bad
// input keeps the raw text so validation can name it in a field error
// instead of failing the whole decode.
type Date struct {
	t   time.Time
	bad string
}

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in its own location.
func DateOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

// ParseDate parses an ISO date (YYYY-MM-DD) in the years MinYear–MaxYear.
// Empty input gives the zero Date, the only way to say "unknown".
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{bad: s}, fmt.Errorf("parse date %q: %w", s, err)
	}
	if y := t.Year(); y < MinYear || y > MaxYear {
		return Date{bad: s}, fmt.Errorf("parse date %q: the year is outside %d–%d", s, MinYear, MaxYear)
	}
	return Date{t: t}, nil
}

// MustDate parses s or panics; for literals in code and tests.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// LenientDate parses s and keeps bad input for validation to report.
func LenientDate(s string) Date {
	d, _ := ParseDate(s)
	return d
}

// IsZero reports whether the date is unset (and not bad input).
func (d Date) IsZero() bool { return d.t.IsZero() && d.bad == "" }

// Valid reports whether the date is unset or a real date.
func (d Date) Valid() bool { return d.bad == "" }

// Raw returns the bad input text, if the date was parsed from bad input.
func (d Date) Raw() string { return d.bad }

// Time returns the date at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String returns YYYY-MM-DD, the raw text for bad input, or "".
func (d Date) String() string {
	if d.bad != "" {
		return d.bad
	}
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// Before reports whether d is before o. Unset dates are never before anything.
func (d Date) Before(o Date) bool {
	if d.t.IsZero() || o.t.IsZero() {
		return false
	}
	return d.t.Before(o.t)
}

// After reports whether d is after o.
func (d Date) After(o Date) bool { return o.Before(d) }

// Year returns the year, or 0 when unset.
func (d Date) Year() int {
	if d.t.IsZero() {
		return 0
	}
	return d.t.Year()
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.t.Format(dateLayout))
}

// UnmarshalJSON accepts null, "" or an ISO date; other strings are kept as
// bad input for validation.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		*d = Date{bad: string(b)}
		return nil
	}
	*d = LenientDate(s)
	return nil
}

// Value stores the date as ISO text, or NULL.
func (d Date) Value() (driver.Value, error) {
	if d.t.IsZero() {
		return nil, nil
	}
	return d.t.Format(dateLayout), nil
}

// Scan reads ISO text (or a time from drivers that return one). It does
// not apply the range of ParseDate: a row stored before the range existed
// still reads, and is refused with a message when it is next written.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case string:
		if strings.TrimSpace(v) == "" {
			*d = Date{}
			return nil
		}
		t, err := time.Parse(dateLayout, strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("scan date %q: %w", v, err)
		}
		*d = Date{t: t}
	case []byte:
		return d.Scan(string(v))
	case time.Time:
		*d = DateOf(v.UTC())
	default:
		return fmt.Errorf("scan date: unsupported type %T", src)
	}
	return nil
}
