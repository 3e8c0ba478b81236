package tabular

import (
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

// ParseDate reads a date as Swedish spreadsheets hold it: ISO
// ("2018-10-03"), day first ("03.10.2018", "3/10/2018"), in words ("3
// oktober 2018", "den 3 okt. 2018"), a year and month ("2018-10", "oktober
// 2018") or year alone ("2018", read as 1 January), or an Excel date serial.
// Empty gives the zero Date.
func ParseDate(s string) (samverkan.Date, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return samverkan.Date{}, true
	}
	if len(t) > 40 {
		return samverkan.Date{}, false
	}
	// Timestamps from spreadsheet exports: keep the day.
	if i := strings.IndexAny(t, "t "); i == 10 && len(t) > 10 && isDigit(t[0]) {
		t = t[:10]
	}
	t = strings.TrimPrefix(t, "den ")
	if n, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "-+") {
		switch {
		case len(t) == 4 && n >= 1900 && n <= 2200:
			return valid(int(n), 1, 1)
		case len(t) == 8 && !strings.Contains(t, "."): // 20181003
			y, _ := strconv.Atoi(t[:4])
			m, _ := strconv.Atoi(t[4:6])
			d, _ := strconv.Atoi(t[6:])
			return valid(y, time.Month(m), d)
		case n >= minSerial && n <= maxSerial:
			// Excel's day 1 is 1900-01-01 and it counts a 29 February 1900
			// that never was, so from March 1900 day 0 is 1899-12-30.
			d := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n))
			return samverkan.DateOf(d), true
		}
		return samverkan.Date{}, false
	}
	if f := strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '/' || r == '.' }); len(f) == 3 && allDigits(f) {
		a, _ := strconv.Atoi(f[0])
		b, _ := strconv.Atoi(f[1])
		c, _ := strconv.Atoi(f[2])
		if len(f[0]) == 4 {
			return valid(a, time.Month(b), c) // 2018-10-03, 2018/10/03
		}
		if len(f[2]) == 2 {
			c += 2000
			if c > samverkan.Today().Year()+30 {
				c -= 100
			}
		}
		if len(f[2]) == 4 || len(f[2]) == 2 {
			return valid(c, time.Month(b), a) // 03.10.2018, 3/10/2018: day first, as in Sweden
		}
		return samverkan.Date{}, false
	} else if len(f) == 2 && allDigits(f) && len(f[0]) == 4 {
		y, _ := strconv.Atoi(f[0])
		m, _ := strconv.Atoi(f[1])
		return valid(y, time.Month(m), 1) // 2018-10
	}
	return wordDate(t)
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
