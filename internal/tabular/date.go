package tabular

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

var monthNames = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1,
	"februari": 2, "feb": 2, "february": 2,
	"mars": 3, "mar": 3, "march": 3,
	"april": 4, "apr": 4,
	"maj": 5, "may": 5,
	"juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7,
	"augusti": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

// Excel serials this far apart cover 1927 to 2201: wide enough for any
// collaboration, narrow enough that a year ("2018") or a small count is
// never read as a serial.
const (
	minSerial = 10000
	maxSerial = 110000
)

// How a date was read, when an importer should say so.
const (
	// dateApprox: a season, school term or quarter, or a date marked
	// approximate ("ca 2015"), read as its first day.
	dateApprox = "approx"
	// dateSerial: a bare number in text read as an Excel date serial. A
	// workbook's date cells are read from their number format instead
	// (read.go), so this is for text files and cells that lost it.
	dateSerial = "serial"
)

// ParseDate reads a date as Swedish spreadsheets hold it: ISO
// ("2018-10-03"), day first ("03.10.2018", "3/10/2018", "1/7 2015"), in
// words ("3 oktober 2018", "den 3 okt. 2018"), a year and month ("2018-10",
// "oktober 2018", "jan 2017") or year alone ("2018", read as 1 January), a
// term, season or quarter ("ht 2019", "våren 2016", "Q2 2021"), or an
// Excel date serial. Empty gives the zero Date.
func ParseDate(s string) (samverkan.Date, bool) {
	d, _, ok := parseDate(s, false)
	return d, ok
}

// leadIns are words before a date that do not change it.
var leadIns = []string{"fr.o.m.", "fr o m", "fr.o.m", "f.o.m.", "fom", "från och med", "från", "from", "fr.", "start", "den"}

// approxWords mark a date as approximate.
var approxWords = []string{"ca.", "ca", "cirka", "omkring", "ungefär", "ung.", "~"}

// parseDate is ParseDate, and says how the date was read (dateApprox,
// dateSerial or ""). date1904 counts serials from 1904, as the workbook
// the text came from does.
func parseDate(s string, date1904 bool) (d samverkan.Date, note string, ok bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return samverkan.Date{}, "", true
	}
	if len(t) > 40 {
		return samverkan.Date{}, "", false
	}
	// Timestamps from spreadsheet exports: keep the day.
	if i := strings.IndexAny(t, "t "); i == 10 && len(t) > 10 && isDigit(t[0]) {
		t = t[:10]
	}
	if i := strings.IndexByte(t, '('); i > 0 && strings.HasSuffix(t, ")") {
		if inner := strings.Trim(t[i+1:len(t)-1], " ."); slices.Contains(approxWords, inner) || slices.Contains(approxWords, inner+".") {
			note = dateApprox
		}
		t = strings.TrimSpace(t[:i])
	}
	for changed := true; changed; {
		changed = false
		for _, w := range leadIns {
			if r, ok := strings.CutPrefix(t, w+" "); ok {
				t, changed = strings.TrimSpace(r), true
			}
		}
		for _, w := range approxWords {
			if r, ok := strings.CutPrefix(t, w); ok && (r == "" || r[0] == ' ' || isDigit(r[0]) || w == "ca." || w == "~") {
				t, changed, note = strings.TrimSpace(r), true, dateApprox
			}
		}
	}
	if d, ok := periodDate(t); ok {
		return d, dateApprox, true
	}
	d, serial, ok := plainDate(t, date1904)
	if serial {
		note = dateSerial
	}
	return d, note, ok
}

// periods are the terms, seasons and quarters people date things by, as
// the month they start: the autumn term in August, the spring term in
// January (skolförordningen's läsår), the seasons by their first month.
var periods = map[string]time.Month{
	"ht": 8, "hösttermin": 8, "höstterminen": 8, "vt": 1, "vårtermin": 1, "vårterminen": 1,
	"hösten": 9, "höst": 9, "våren": 3, "vår": 3, "sommaren": 6, "sommar": 6, "vintern": 1, "vinter": 1,
	"q1": 1, "q2": 4, "q3": 7, "q4": 10, "kv1": 1, "kv2": 4, "kv3": 7, "kv4": 10,
}

// periodDate reads "ht 2019", "HT-19", "hösten 2019", "Q2 2021", "kv 3 2021".
func periodDate(t string) (samverkan.Date, bool) {
	f := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '-' || r == '.' || r == ',' })
	if len(f) == 3 && (f[0] == "kv" || f[0] == "kvartal" || f[0] == "q") {
		f = []string{f[0][:1] + f[1], f[2]}
		if f[0][0] == 'k' {
			f[0] = "kv" + f[0][1:]
		}
	}
	if len(f) != 2 {
		return samverkan.Date{}, false
	}
	m, ok := periods[f[0]]
	if !ok || !allDigits(f[1:]) {
		return samverkan.Date{}, false
	}
	y, _ := strconv.Atoi(f[1])
	switch len(f[1]) {
	case 2:
		y += 2000
		if y > time.Now().Year()+30 {
			y -= 100
		}
	case 4:
	default:
		return samverkan.Date{}, false
	}
	return valid(y, m, 1)
}

// plainDate reads the forms without lead-in words; serial is true when a
// bare number was read as an Excel date serial.
func plainDate(t string, date1904 bool) (d samverkan.Date, serial, ok bool) {
	if n, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "-+") {
		switch {
		case len(t) == 4 && n >= 1900 && n <= 2200:
			d, ok := valid(int(n), 1, 1)
			return d, false, ok
		case len(t) == 8 && !strings.Contains(t, "."): // 20181003
			y, _ := strconv.Atoi(t[:4])
			m, _ := strconv.Atoi(t[4:6])
			dd, _ := strconv.Atoi(t[6:])
			d, ok := valid(y, time.Month(m), dd)
			return d, false, ok
		case n >= minSerial && n <= maxSerial:
			return serialDate(n, date1904), true, true
		}
		return samverkan.Date{}, false, false
	}
	// "1/7 2015", "1/7-2015": day and month, then the year.
	if a, rest, ok := strings.Cut(t, "/"); ok && len(rest) > 4 && (rest[len(rest)-5] == ' ' || rest[len(rest)-5] == '-') {
		b, y := rest[:len(rest)-5], rest[len(rest)-4:]
		if allDigits([]string{a, b, y}) {
			dd, _ := strconv.Atoi(a)
			m, _ := strconv.Atoi(b)
			yy, _ := strconv.Atoi(y)
			d, ok := valid(yy, time.Month(m), dd)
			return d, false, ok
		}
	}
	if f := strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '/' || r == '.' }); len(f) == 3 && allDigits(f) {
		a, _ := strconv.Atoi(f[0])
		b, _ := strconv.Atoi(f[1])
		c, _ := strconv.Atoi(f[2])
		if len(f[0]) == 4 {
			d, ok := valid(a, time.Month(b), c) // 2018-10-03, 2018/10/03
			return d, false, ok
		}
		if len(f[2]) == 2 {
			c += 2000
			if c > samverkan.Today().Year()+30 {
				c -= 100
			}
		}
		if len(f[2]) == 4 || len(f[2]) == 2 {
			d, ok := valid(c, time.Month(b), a) // 03.10.2018, 3/10/2018: day first, as in Sweden
			return d, false, ok
		}
		return samverkan.Date{}, false, false
	} else if len(f) == 2 && allDigits(f) && len(f[0]) == 4 {
		y, _ := strconv.Atoi(f[0])
		m, _ := strconv.Atoi(f[1])
		d, ok := valid(y, time.Month(m), 1) // 2018-10
		return d, false, ok
	}
	d, ok = wordDate(t)
	return d, false, ok
}

// serialDate turns an Excel date serial into its day. Excel's day 1 is
// 1900-01-01 and it counts a 29 February 1900 that never was, so from
// March 1900 day 0 is 1899-12-30; workbooks in the 1904 system count
// from 1904-01-01.
func serialDate(n float64, date1904 bool) samverkan.Date {
	if date1904 {
		return samverkan.DateOf(time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n)))
	}
	return samverkan.DateOf(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n)))
}

// wordDate reads "3 oktober 2018", "3 okt. 2018", "oktober 2018" and
// "October 3, 2018".
func wordDate(t string) (samverkan.Date, bool) {
	f := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == ',' || r == '.' })
	var day, year int
	var month time.Month
	for _, w := range f {
		if m, ok := monthNames[w]; ok && month == 0 {
			month = m
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(w, ":e"), ":a"))
		switch {
		case err != nil:
			return samverkan.Date{}, false
		case len(w) == 4 && year == 0:
			year = n
		case day == 0 && n >= 1 && n <= 31:
			day = n
		default:
			return samverkan.Date{}, false
		}
	}
	if month == 0 || year == 0 {
		return samverkan.Date{}, false
	}
	if day == 0 {
		day = 1
	}
	return valid(year, month, day)
}

// valid builds a date and rejects days that do not exist (31 April).
func valid(y int, m time.Month, d int) (samverkan.Date, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return samverkan.Date{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Month() != m || t.Day() != d {
		return samverkan.Date{}, false
	}
	return samverkan.NewDate(y, m, d), true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(ss []string) bool {
	for _, s := range ss {
		if s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if !isDigit(s[i]) {
				return false
			}
		}
	}
	return true
}
