package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	smail "github.com/samverkan/samverkan/internal/mail"
)

// DigestTask is the name of the periodic task that sends reminder e-mail.
const DigestTask = "paminnelser"

// Sender sends one e-mail (internal/mail.Sender).
type Sender interface {
	Send(ctx context.Context, m smail.Message) error
}

// Digest sends each person who asked for e-mail one message listing the
// deadlines now due for them that they have not been reminded of yet.
// Each reminder is written to the sent-log before the message goes out
// (and taken back if sending fails), so a reminder reaches a person once
// even when two instances run the digest at the same moment.
type Digest struct {
	Store  samverkan.ReminderStore
	Sender Sender
	// BaseURL is the site's public address (SAMVERKAN_PUBLIC_URL), for the
	// links in the message, e.g. "https://samverkan.kommun.se".
	BaseURL string
	Logger  *slog.Logger
	Now     func() time.Time
}

// Run is the periodic task.
func (d *Digest) Run(ctx context.Context) error {
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	log := d.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	today := samverkan.DateInSweden(now())
	subs, err := d.Store.ReminderSubscribers(ctx)
	if err != nil {
		return err
	}
	// People with the same scope share one gathering.
	gathered := map[string][]samverkan.Deadline{}
	var errs []error
	sent := 0
	for _, s := range subs {
		key := fmt.Sprint(s.Networks, s.Municipalities, s.DecisionDays)
		ds, ok := gathered[key]
		if !ok {
			if ds, err = d.Store.Deadlines(ctx, s.Networks, s.Municipalities, s.DecisionDays); err != nil {
				return err
			}
			gathered[key] = ds
		}
		var fresh []samverkan.Deadline
		for _, dl := range samverkan.DueReminders(ds, s, today) {
			ok, err := d.Store.MarkReminderSent(ctx, s.UserID, dl.Key())
			if err != nil {
				return err
			}
			if ok {
				fresh = append(fresh, dl)
			}
		}
		if len(fresh) == 0 {
			continue
		}
		msg, err := d.message(s, fresh)
		if err == nil {
			err = d.Sender.Send(ctx, msg)
		}
		if err != nil {
			// Taken back so the next run tries again.
			for _, dl := range fresh {
				if uerr := d.Store.UnmarkReminderSent(context.WithoutCancel(ctx), s.UserID, dl.Key()); uerr != nil {
					errs = append(errs, uerr)
				}
			}
			log.ErrorContext(ctx, "reminder digest not sent", slog.Int64("user", s.UserID), slog.Any("error", err))
			errs = append(errs, fmt.Errorf("user %d: %w", s.UserID, err))
			continue
		}
		sent++
	}
	log.InfoContext(ctx, "reminder digests sent", slog.Int("messages", sent))
	return errors.Join(errs...)
}

// digestText holds the message's words in both languages.
var digestText = map[string]map[string]string{
	"sv": {
		"subject1": "Påminnelse: %s",
		"subjectN": "Påminnelser: %d saker att hålla koll på",
		"intro":    "Det här är dina påminnelser från Samverkan.",
		"overdue":  "passerat",
		"settings": "Ändra vad du påminns om",
		"unsub":    "Sluta få påminnelser med e-post",
		"heading":  "Dina påminnelser",
	},
	"en": {
		"subject1": "Reminder: %s",
		"subjectN": "Reminders: %d things to keep track of",
		"intro":    "These are your reminders from Samverkan.",
		"overdue":  "passed",
		"settings": "Change what you are reminded of",
		"unsub":    "Stop receiving reminders by e-mail",
		"heading":  "Your reminders",
	},
}

type digestLine struct {
	Day, Kind, Title, Detail, URL string
	Overdue                       bool
}

var digestHTML = template.Must(template.New("digest").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Heading}}</title></head>
<body style="font-family:sans-serif;color:#1a1a1a">
<h1 style="font-size:1.3em">{{.Heading}}</h1>
<p>{{.Intro}}</p>
<table style="border-collapse:collapse">
<thead><tr><th scope="col" style="text-align:left;padding:4px 8px">{{.DayCol}}</th><th scope="col" style="text-align:left;padding:4px 8px">{{.KindCol}}</th><th scope="col" style="text-align:left;padding:4px 8px">{{.WhatCol}}</th></tr></thead>
<tbody>
{{range .Lines}}<tr><td style="padding:4px 8px;white-space:nowrap">{{.Day}}{{if .Overdue}} ({{$.Overdue}}){{end}}</td><td style="padding:4px 8px">{{.Kind}}</td><td style="padding:4px 8px">{{if .URL}}<a href="{{.URL}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}{{if .Detail}} – {{.Detail}}{{end}}</td></tr>
{{end}}</tbody></table>
<p><a href="{{.SettingsURL}}">{{.Settings}}</a> · <a href="{{.UnsubURL}}">{{.Unsub}}</a></p>
</body></html>`))

func (d *Digest) message(s samverkan.ReminderSettings, ds []samverkan.Deadline) (smail.Message, error) {
	lang := s.Language
	if lang != "en" {
		lang = "sv"
	}
	w := digestText[lang]
	base := strings.TrimRight(d.BaseURL, "/")
	today := samverkan.DateInSweden(time.Now())
	if d.Now != nil {
		today = samverkan.DateInSweden(d.Now())
	}
	var lines []digestLine
	var text strings.Builder
	text.WriteString(w["intro"] + "\n\n")
	for _, dl := range ds {
		l := digestLine{Day: dl.Day.String(), Kind: samverkan.ReminderKinds.Label(dl.Kind, lang), Title: dl.Title,
			Detail: dl.Detail, Overdue: dl.Day.Before(today)}
		if base != "" && dl.Path != "" {
			l.URL = base + dl.Path
		}
		lines = append(lines, l)
		fmt.Fprintf(&text, "%s  %s: %s", l.Day, l.Kind, l.Title)
		if l.Detail != "" {
			text.WriteString(" – " + l.Detail)
		}
		if l.Overdue {
			text.WriteString(" (" + w["overdue"] + ")")
		}
		if l.URL != "" {
			text.WriteString("\n    " + l.URL)
		}
		text.WriteString("\n")
	}
	settingsURL := base + "/konto/paminnelser"
	unsubURL := base + "/paminnelser/avsluta/" + s.UnsubscribeToken
	fmt.Fprintf(&text, "\n%s: %s\n%s: %s\n", w["settings"], settingsURL, w["unsub"], unsubURL)
	cols := map[string][3]string{"sv": {"Datum", "Vad", "Gäller"}, "en": {"Date", "What", "Concerns"}}[lang]
	var html bytes.Buffer
	if err := digestHTML.Execute(&html, map[string]any{"Lang": lang, "Heading": w["heading"], "Intro": w["intro"],
		"DayCol": cols[0], "KindCol": cols[1], "WhatCol": cols[2], "Lines": lines, "Overdue": w["overdue"],
		"SettingsURL": settingsURL, "Settings": w["settings"], "UnsubURL": unsubURL, "Unsub": w["unsub"]}); err != nil {
		return smail.Message{}, err
	}
	subject := fmt.Sprintf(w["subjectN"], len(ds))
	if len(ds) == 1 {
		subject = fmt.Sprintf(w["subject1"], lines[0].Kind+" – "+ds[0].Title)
	}
	m := smail.Message{To: []mail.Address{{Address: s.Address}}, Subject: subject, Text: text.String(), HTML: html.String()}
	// The one-click header needs https (RFC 8058); the link in the body is
	// there either way.
	if strings.HasPrefix(base, "https://") {
		m.UnsubscribeURL = unsubURL
	}
	return m, nil
}
