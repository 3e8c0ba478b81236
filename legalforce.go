package samverkan

import "time"

// AppealWeeks is the time for appeal: three weeks from the day the
// justering of the protokoll was announced (KL 13 kap. 5 §).
const AppealWeeks = 3

// addDays returns d moved n days.
func addDays(d Date, n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AppealDeadline is the last day an appeal can come in for a decision
// announced on `announced`: three weeks later, moved to the next weekday
// when that day is a Saturday, a Sunday, a public holiday, midsommarafton,
// julafton or nyårsafton (lag (1930:173) om beräkning av lagstadgad tid).
func AppealDeadline(announced Date) Date {
	d := addDays(announced, 7*AppealWeeks)
	for !workday(d) {
		d = addDays(d, 1)
	}
	return d
}

// LegalForce returns the day a decision gains legal force (laga kraft):
// the day entered in LegalForceOn, else the day after the appeal deadline
// counted from the announcement. known is false when the decision is not
// taken, was appealed without a date entered, or was not announced.
func (d *Decision) LegalForce() (on Date, known bool) {
	switch {
	case d.Outcome == OutcomePending || d.Outcome == "":
		return Date{}, false
	case !d.LegalForceOn.IsZero():
		return d.LegalForceOn, true
	case d.Appealed || d.AnnouncedOn.IsZero():
		return Date{}, false
	}
	return addDays(AppealDeadline(d.AnnouncedOn), 1), true
}

// HasLegalForce reports whether the decision has legal force on today.
func (d *Decision) HasLegalForce(today Date) bool {
	on, ok := d.LegalForce()
	return ok && !on.After(today)
}

// workday reports whether the day counts as the last day of a period.
func workday(d Date) bool {
	t := d.Time()
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !holiday(t)
}

// holiday reports the Swedish public holidays and the eves that the act
// on computing statutory time treats like them.
func holiday(t time.Time) bool {
	m, day := t.Month(), t.Day()
	switch {
	case m == time.January && (day == 1 || day == 6),
		m == time.May && day == 1,
		m == time.June && day == 6,
		m == time.December && (day == 24 || day == 25 || day == 26 || day == 31):
		return true
	case m == time.June && day >= 19 && day <= 25 && t.Weekday() == time.Friday: // midsommarafton
		return true
	}
	e := easter(t.Year())
	for _, off := range []int{-2, 1, 39} { // långfredag, annandag påsk, Kristi himmelsfärd
		if d := e.AddDate(0, 0, off); d.Month() == m && d.Day() == day {
			return true
		}
	}
	return false
}

// easter returns Easter Sunday of a year (the anonymous Gregorian
// algorithm).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}
