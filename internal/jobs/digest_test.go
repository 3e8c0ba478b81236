package jobs_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// inbox is an SMTP server (emersion/go-smtp) that keeps what it receives
// and offers STARTTLS with a certificate made for the test.
type inbox struct {
	mu   sync.Mutex
	msgs [][]byte
	tls  []bool
}

func (b *inbox) NewSession(c *smtp.Conn) (smtp.Session, error) { return &inboxSession{b: b, c: c}, nil }

type inboxSession struct {
	b *inbox
	c *smtp.Conn
}

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *inboxSession) Reset()                               {}
func (s *inboxSession) Logout() error                        { return nil }
func (s *inboxSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, tlsOn := s.c.TLSConnectionState()
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, data)
	s.b.tls = append(s.b.tls, tlsOn)
	s.b.mu.Unlock()
	return nil
}

func (b *inbox) received() [][]byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([][]byte(nil), b.msgs...)
}

// startInbox runs the server and returns a sender that must use STARTTLS.
func startInbox(t *testing.T) (*inbox, *mail.Sender) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	b := &inbox{}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	cfg, err := mail.ParseURL("smtp://127.0.0.1:" + port + "?from=noreply@samverkan.example&starttls=required")
	if err != nil {
		t.Fatal(err)
	}
	cfg.RootCAs = pool
	s, err := mail.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b, s
}

// seedReminder makes a network with one agreement whose notice deadline
// falls ten days from now, and a person who asked to be reminded of it.
func seedReminder(t *testing.T, db *sqldb.DB, lang string) (deadline samverkan.Date) {
	t.Helper()
	ctx := context.Background()
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ggvv", "0662", "0617"))
	c := sqldbtest.Collaboration("Gemensam löneadministration", "0662", "0617")
	c.Networks = []string{"ggvv"}
	notice := 3
	today := samverkan.Today()
	deadline = samverkan.DateOf(today.Time().AddDate(0, 0, 10))
	validTo := samverkan.DateOf(deadline.Time().AddDate(0, 3, 0))
	if d, _ := samverkan.NoticeDeadline(samverkan.Document{ValidTo: validTo, NoticeMonths: &notice}); d != deadline {
		// Month ends can move the day; keep the test exact.
		deadline = d
	}
	c.Documents = []samverkan.Document{{Type: "avtal", Title: "Samverkansavtal", ValidFrom: samverkan.MustDate("2020-01-01"),
		ValidTo: validTo, NoticeMonths: &notice}}
	sqldbtest.MustCreateCollaboration(t, db, c)
	u := &samverkan.User{Email: "samordnare@kommun.example", Grants: []samverkan.Grant{{Role: "reader", Network: "ggvv"}}}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	s := samverkan.DefaultReminderSettings(u.ID)
	s.Kinds = []string{samverkan.ReminderNotice}
	s.Networks = []string{"ggvv"}
	s.SendEmail, s.Language = true, lang
	if err := db.SaveReminderSettings(ctx, &s); err != nil {
		t.Fatal(err)
	}
	return deadline
}

// Acceptance 1: two instances on one database, a reminder due, both
// runners running the digest task: exactly one e-mail, over STARTTLS,
// plain text and HTML, with the unsubscribe link. A later run sends
// nothing more.
func TestDigestSentOnceByTwoInstances(t *testing.T) {
	databases(t, func(t *testing.T, a, b *sqldb.DB) {
		deadline := seedReminder(t, a, "sv")
		box, sender := startInbox(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var runners []*jobs.Runner
		for i, db := range []*sqldb.DB{a, b} {
			d := &jobs.Digest{Store: db, Sender: sender, BaseURL: "https://samverkan.example"}
			r := jobs.NewRunner(db, []jobs.Task{{Name: jobs.DigestTask, Period: time.Hour, Run: d.Run}}, nil,
				jobs.Options{Holder: string(rune('a' + i)), Poll: 5 * time.Millisecond})
			runners = append(runners, r)
		}
		for _, r := range runners {
			if err := r.Start(ctx); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, "an e-mail", func() bool { return len(box.received()) > 0 })
		time.Sleep(300 * time.Millisecond)
		// Both digests run directly as well: the sent-log stops a second e-mail.
		for _, db := range []*sqldb.DB{a, b} {
			d := &jobs.Digest{Store: db, Sender: sender, BaseURL: "https://samverkan.example"}
			if err := d.Run(ctx); err != nil {
				t.Fatal(err)
			}
		}
		msgs := box.received()
		if len(msgs) != 1 {
			t.Fatalf("%d e-mails, want exactly 1", len(msgs))
		}
		if !box.tls[0] {
			t.Error("sent without STARTTLS")
		}
		text, html, hdr := parseMail(t, msgs[0])
		if !strings.Contains(hdr.Get("List-Unsubscribe"), "https://samverkan.example/paminnelser/avsluta/") {
			t.Errorf("List-Unsubscribe = %q", hdr.Get("List-Unsubscribe"))
		}
		subj, _ := new(mime.WordDecoder).DecodeHeader(hdr.Get("Subject"))
		if !strings.Contains(subj, "Påminnelse") || !strings.Contains(subj, "Gemensam löneadministration") {
			t.Errorf("subject %q", subj)
		}
		for name, body := range map[string]string{"text": text, "html": html} {
			if !strings.Contains(body, deadline.String()) || !strings.Contains(body, "/paminnelser/avsluta/") {
				t.Errorf("%s part lacks the deadline %s or the unsubscribe link:\n%s", name, deadline, body)
			}
		}
		for _, r := range runners {
			r.Shutdown(context.Background())
		}
	})
}

// A digest that cannot be sent is taken back from the sent-log and goes
// out on the next run; one that was unsubscribed never does.
func TestDigestRetriesAfterFailureAndHonoursUnsubscribe(t *testing.T) {
	db := sqldbtest.New(t)
	seedReminder(t, db, "en")
	ctx := context.Background()
	box, sender := startInbox(t)
	bad, _ := mail.NewSender(mail.Config{Host: "127.0.0.1", Port: "1", Security: mail.NoTLS, Timeout: time.Second,
		From: netmail.Address{Address: "noreply@samverkan.example"}})
	if err := (&jobs.Digest{Store: db, Sender: bad}).Run(ctx); err == nil {
		t.Fatal("digest to a closed port reported no error")
	}
	if err := (&jobs.Digest{Store: db, Sender: sender}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := box.received()
	if len(msgs) != 1 {
		t.Fatalf("%d e-mails after the retry, want 1", len(msgs))
	}
	text, _, hdr := parseMail(t, msgs[0])
	if !strings.Contains(text, "These are your reminders") || hdr.Get("List-Unsubscribe") != "" {
		t.Errorf("English text / no https base: %q %q", text, hdr.Get("List-Unsubscribe"))
	}
	i := strings.Index(text, "/paminnelser/avsluta/")
	token := strings.Fields(text[i+len("/paminnelser/avsluta/"):])[0]
	if err := db.Unsubscribe(ctx, token); err != nil {
		t.Fatal(err)
	}
	subs, err := db.ReminderSubscribers(ctx)
	if err != nil || len(subs) != 0 {
		t.Fatalf("subscribers after unsubscribe: %v %v", subs, err)
	}
}

// parseMail returns the plain-text and HTML parts and the header.
func parseMail(t *testing.T, raw []byte) (text, html string, hdr netmail.Header) {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			html = string(b)
		} else {
			text = string(b)
		}
	}
	return text, html, m.Header
}
