package mail_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/samverkan/samverkan/internal/mail"
)

// received is what the test server saw of one delivered message.
type received struct {
	from    string
	to      []string
	data    []byte
	user    string // AUTH PLAIN user, "" when none
	pass    string
	tls     bool // was the session encrypted when DATA came
	helloAs string
}

// backend is a go-smtp backend that records messages and can be told to
// refuse recipients, demand a login or hang in DATA.
type backend struct {
	mu       sync.Mutex
	msgs     []received
	authCnt  int
	refuse   map[string]bool
	needAuth bool
	hang     chan struct{} // DATA blocks until closed, when set
}

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{b: b, c: c}, nil
}

func (b *backend) logins() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.authCnt
}

func (b *backend) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...)
}

type session struct {
	b          *backend
	c          *smtp.Conn
	cur        received
	user, pass string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		s.b.mu.Lock()
		s.b.authCnt++
		s.b.mu.Unlock()
		if user != "samverkan@kommun.se" || pass != "hemligt lösen%" {
			return smtp.ErrAuthFailed
		}
		s.user, s.pass = user, pass
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.needAuth && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.cur = received{from: from, user: s.user, pass: s.pass, helloAs: s.c.Hostname()}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.b.refuse[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.b.hang != nil {
		<-s.b.hang
	}
	_, s.cur.tls = s.c.TLSConnectionState()
	s.cur.data = data
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, s.cur)
	s.b.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }

// certificate makes a self-signed certificate for 127.0.0.1 and localhost
// and a pool that trusts it.
func certificate(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "samverkan test smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

type serverOpts struct {
	startTLS    bool // offer STARTTLS
	implicitTLS bool // TLS from the first byte
	insecureOK  bool // allow AUTH without TLS
}

// startServer runs a go-smtp server on a loopback port and returns its port
// and the pool that trusts its certificate.
func startServer(t *testing.T, be *backend, o serverOpts) (port string, roots *x509.CertPool) {
	t.Helper()
	cert, pool := certificate(t)
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.ErrorLog = log.New(io.Discard, "", 0) // clients that hang up early are part of the tests
	s.AllowInsecureAuth = o.insecureOK
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}}
	if o.startTLS {
		s.TLSConfig = tlsConfig
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.implicitTLS {
		ln = tls.NewListener(ln, tlsConfig)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	_, port, _ = net.SplitHostPort(ln.Addr().String())
	return port, pool
}

func sender(t *testing.T, rawURL string, roots *x509.CertPool) *mail.Sender {
	t.Helper()
	cfg, err := mail.ParseURL(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RootCAs = roots
	s, err := mail.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const (
	subject = "Påminnelse: avtal löper ut – Gislaved, Gnosjö, Vaggeryd och Värnamo, överförmyndarnämnd"
	text    = "Hej!\n\nAvtalet om gemensam överförmyndarnämnd löper ut 2025-12-31.\nÖppna samverkan: https://samverkan.example.se/samverkan/42\n\n" +
		"En mycket lång rad som är längre än sjuttiosex tecken och därför måste brytas mjukt i quoted-printable, med åäö.\n"
	html  = "<!doctype html><p>Hej!</p><p>Avtalet om <strong>gemensam överförmyndarnämnd</strong> löper ut 2025-12-31.</p>\n<p><a href=\"https://samverkan.example.se/samverkan/42\">Öppna samverkan</a></p>\n"
	unsub = "https://samverkan.example.se/avregistrera?token=abc123&typ=avtal"
)

func message() mail.Message {
	return mail.Message{
		To:             []mail.Address{{Name: "Överförmyndare Gnosjö", Address: "overformyndare@gnosjo.example.se"}},
		Subject:        subject,
		Text:           text,
		HTML:           html,
		UnsubscribeURL: unsub,
	}
}

func TestSendStartTLSWithAuth(t *testing.T) {
	be := &backend{needAuth: true}
	port, roots := startServer(t, be, serverOpts{startTLS: true})
	s := sender(t, "smtp://samverkan%40kommun.se:hemligt%20l%C3%B6sen%25@127.0.0.1:"+port+
		"?starttls=required&from=Samverkan%20%3Cnoreply@kommun.example.se%3E&helo=samverkan.kommun.example.se", roots)

	before := time.Now().Truncate(time.Second)
	if err := s.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	msgs := be.messages()
	if len(msgs) != 1 {
		t.Fatalf("server received %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if !got.tls {
		t.Error("message travelled without TLS")
	}
	if got.user != "samverkan@kommun.se" || got.pass != "hemligt lösen%" {
		t.Errorf("AUTH PLAIN as %q/%q", got.user, got.pass)
	}
	if got.from != "noreply@kommun.example.se" || len(got.to) != 1 || got.to[0] != "overformyndare@gnosjo.example.se" {
		t.Errorf("envelope from %q to %q", got.from, got.to)
	}
	if got.helloAs != "samverkan.kommun.example.se" {
		t.Errorf("EHLO %q", got.helloAs)
	}
	checkMessage(t, got.data, before)
}

// checkMessage parses the message as a mail program would and checks every
// header and both parts.
func checkMessage(t *testing.T, data []byte, notBefore time.Time) {
	t.Helper()
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(line) > 998 || strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d breaks RFC 5322 2.1.1: %q", i+1, line)
		}
		for _, r := range line {
			if r >= 0x80 {
				t.Fatalf("line %d carries raw 8-bit data, which needs 8BITMIME: %q", i+1, line)
			}
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	dec := new(mime.WordDecoder)
	if s, err := dec.DecodeHeader(h.Get("Subject")); err != nil || s != subject {
		t.Errorf("Subject = %q (%v), want %q", s, err, subject)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Samverkan" || from[0].Address != "noreply@kommun.example.se" {
		t.Errorf("From = %v (%v)", from, err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Överförmyndare Gnosjö" || to[0].Address != "overformyndare@gnosjo.example.se" {
		t.Errorf("To = %v (%v)", to, err)
	}
	date, err := h.Date()
	if err != nil || date.Before(notBefore) || date.After(time.Now()) {
		t.Errorf("Date = %v (%v), want the time of sending", date, err)
	}
	id, err := netmail.ParseAddress(strings.Trim(h.Get("Message-ID"), "<>"))
	if err != nil || !strings.HasPrefix(h.Get("Message-ID"), "<") || !strings.HasSuffix(id.Address, "@kommun.example.se") {
		t.Errorf("Message-ID = %q (%v), want <unique@sender's domain>", h.Get("Message-ID"), err)
	}
	if got := h.Get("List-Unsubscribe"); got != "<"+unsub+">" {
		t.Errorf("List-Unsubscribe = %q, want <%s>", got, unsub)
	}
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	if got := h.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", got)
	}
	if got := h.Get("MIME-Version"); got != "1.0" {
		t.Errorf("MIME-Version = %q", got)
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v)", h.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var parts []string
	for {
		// NextRawPart keeps Content-Transfer-Encoding so the test decodes it.
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		pt, pp, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil || pp["charset"] != "utf-8" {
			t.Errorf("part Content-Type %q (%v)", p.Header.Get("Content-Type"), err)
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Errorf("part %s encoding %q", pt, cte)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"text/plain": text, "text/html": html}[pt]
		// Line ends travel as CRLF; the content is the same.
		if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != want {
			t.Errorf("%s body = %q, want %q", pt, got, want)
		}
		parts = append(parts, pt)
	}
	if strings.Join(parts, ",") != "text/plain,text/html" {
		t.Errorf("parts %v, want text/plain then text/html", parts)
	}
}

func TestSendImplicitTLS(t *testing.T) {
	be := &backend{}
	port, roots := startServer(t, be, serverOpts{implicitTLS: true})
	s := sender(t, "smtps://samverkan%40kommun.se:hemligt%20l%C3%B6sen%25@127.0.0.1:"+port+"?from=noreply@kommun.example.se", roots)
	m := message()
	m.HTML = "" // plain text only: one text/plain body, no multipart
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	msgs := be.messages()
	if len(msgs) != 1 || !msgs[0].tls || msgs[0].user != "samverkan@kommun.se" {
		t.Fatalf("received %+v, want one message over TLS after AUTH", msgs)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(msgs[0].data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if mt != "text/plain" || params["charset"] != "utf-8" || msg.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
		t.Errorf("Content-Type %q, encoding %q", msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"))
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != text {
		t.Errorf("body = %q", got)
	}
}

func TestStartTLSRequiredButNotOffered(t *testing.T) {
	be := &backend{}
	port, _ := startServer(t, be, serverOpts{insecureOK: true})
	s := sender(t, "smtp://samverkan%40kommun.se:x@127.0.0.1:"+port+"?from=noreply@kommun.example.se", nil)
	err := s.Send(context.Background(), message())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a refusal naming STARTTLS", err)
	}
	if n := len(be.messages()); n != 0 || be.logins() != 0 {
		t.Errorf("server received %d messages and %d logins without TLS", n, be.logins())
	}
}

func TestOpportunisticWithoutTLS(t *testing.T) {
	be := &backend{}
	port, _ := startServer(t, be, serverOpts{insecureOK: true})
	// No login: the message may go in clear.
	s := sender(t, "smtp://127.0.0.1:"+port+"?starttls=opportunistic&from=noreply@kommun.example.se", nil)
	if err := s.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	if msgs := be.messages(); len(msgs) != 1 || msgs[0].tls {
		t.Fatalf("received %+v, want one message in clear", msgs)
	}
}

func TestOpportunisticUpgradesWhenOffered(t *testing.T) {
	be := &backend{}
	port, roots := startServer(t, be, serverOpts{startTLS: true})
	s := sender(t, "smtp://127.0.0.1:"+port+"?starttls=opportunistic&from=noreply@kommun.example.se", roots)
	if err := s.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	if msgs := be.messages(); len(msgs) != 1 || !msgs[0].tls {
		t.Fatalf("received %+v, want one message over TLS", msgs)
	}
}

func TestUntrustedCertificateRefused(t *testing.T) {
	be := &backend{}
	port, _ := startServer(t, be, serverOpts{startTLS: true})
	// RootCAs nil: the system roots, which do not know the test's certificate.
	s := sender(t, "smtp://samverkan%40kommun.se:x@127.0.0.1:"+port+"?from=noreply@kommun.example.se", nil)
	err := s.Send(context.Background(), message())
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("err = %v, want an unknown-authority error", err)
	}
	if len(be.messages()) != 0 || be.logins() != 0 {
		t.Error("the client logged in or sent over a connection it could not verify")
	}
}

func TestRecipientRefused(t *testing.T) {
	be := &backend{refuse: map[string]bool{"finns-inte@gnosjo.example.se": true}}
	port, roots := startServer(t, be, serverOpts{startTLS: true})
	s := sender(t, "smtp://127.0.0.1:"+port+"?from=noreply@kommun.example.se", roots)
	m := message()
	m.To = []mail.Address{{Address: "kansli@gislaved.example.se"}, {Address: "finns-inte@gnosjo.example.se"}}
	err := s.Send(context.Background(), m)
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 550 {
		t.Fatalf("err = %v, want the server's 550", err)
	}
	if !strings.Contains(err.Error(), "finns-inte@gnosjo.example.se") {
		t.Errorf("error %q does not name the refused address", err)
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("server stored %d messages; a refused recipient must stop the whole message", n)
	}
}

func TestWrongPassword(t *testing.T) {
	be := &backend{needAuth: true}
	port, roots := startServer(t, be, serverOpts{startTLS: true})
	s := sender(t, "smtp://samverkan%40kommun.se:fel@127.0.0.1:"+port+"?from=noreply@kommun.example.se", roots)
	err := s.Send(context.Background(), message())
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 535 {
		t.Fatalf("err = %v, want the server's 535", err)
	}
	if strings.Contains(err.Error(), "fel@") || strings.Contains(err.Error(), ":fel") {
		t.Errorf("error %q shows the password", err)
	}
}

// TestServerHangs covers a server that accepts the connection and never
// greets, and one that stops answering in the middle of DATA: both end at
// the configured timeout or at the caller's deadline, whichever is first.
func TestServerHangs(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // hold it open, say nothing
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()
	_, silentPort, _ := net.SplitHostPort(ln.Addr().String())

	hang := make(chan struct{})
	be := &backend{hang: hang}
	dataPort, roots := startServer(t, be, serverOpts{startTLS: true})
	defer close(hang)

	cases := []struct {
		name, url string
		ctx       time.Duration
	}{
		{"silent, config timeout", "smtp://127.0.0.1:" + silentPort + "?timeout=300ms&from=a@kommun.example.se", time.Minute},
		{"silent, caller deadline", "smtp://127.0.0.1:" + silentPort + "?timeout=1m&from=a@kommun.example.se", 300 * time.Millisecond},
		{"stuck in DATA", "smtp://127.0.0.1:" + dataPort + "?timeout=500ms&from=a@kommun.example.se", time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := sender(t, c.url, roots)
			ctx, cancel := context.WithTimeout(context.Background(), c.ctx)
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- s.Send(ctx, message()) }()
			select {
			case err := <-done:
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("err = %v, want context.DeadlineExceeded", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("Send still blocked long after its deadline")
			}
		})
	}
}

func TestCallerCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			defer c.Close()
			io.Copy(io.Discard, c)
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s := sender(t, "smtp://127.0.0.1:"+port+"?from=a@kommun.example.se", nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if err := s.Send(ctx, message()); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestParseURL(t *testing.T) {
	good := []struct {
		url  string
		want mail.Config
	}{
		{"smtp://mail.kommun.se", mail.Config{Host: "mail.kommun.se", Port: "587", Security: mail.StartTLSRequired}},
		{"smtps://mail.kommun.se", mail.Config{Host: "mail.kommun.se", Port: "465", Security: mail.ImplicitTLS}},
		{"smtp://u%40k.se:p%3Aw@mail.kommun.se:2525?starttls=opportunistic&from=noreply@kommun.se&timeout=5s&helo=app.kommun.se",
			mail.Config{Host: "mail.kommun.se", Port: "2525", Security: mail.StartTLSOpportunistic, Username: "u@k.se", Password: "p:w",
				From: mail.Address{Address: "noreply@kommun.se"}, Timeout: 5 * time.Second, HelloName: "app.kommun.se"}},
		{"smtp://relay:25?starttls=none", mail.Config{Host: "relay", Port: "25", Security: mail.NoTLS}},
		// A login without TLS is allowed only to this machine.
		{"smtp://u:p@127.0.0.1:25?starttls=none", mail.Config{Host: "127.0.0.1", Port: "25", Security: mail.NoTLS, Username: "u", Password: "p"}},
		{"smtp://u:p@[::1]:25?starttls=none", mail.Config{Host: "::1", Port: "25", Security: mail.NoTLS, Username: "u", Password: "p"}},
	}
	for _, g := range good {
		got, err := mail.ParseURL(g.url)
		if err != nil {
			t.Errorf("%s: %v", g.url, err)
			continue
		}
		if got != g.want {
			t.Errorf("%s:\n got %+v\nwant %+v", g.url, got, g.want)
		}
	}
	bad := map[string]string{
		"http://mail.kommun.se": "scheme",
		"smtp://":               "host",
		"smtp://u:topsecret@mail.kommun.se?starttls=none": "without TLS",
		"smtp://mail.kommun.se?startls=none":              "unknown parameter",
		"smtp://mail.kommun.se?starttls=maybe":            "starttls",
		"smtps://mail.kommun.se?starttls=required":        "smtps",
		"smtp://mail.kommun.se?from=inte-en-adress":       "from",
		"smtp://mail.kommun.se?timeout=-1s":               "timeout",
		"smtp://mail.kommun.se:99999":                     "port",
		"smtp://mail.kommun.se/path":                      "path",
		"smtp://u:topsecret@mail.kommun.se:x%zz":          "",
		"smtp://u:topsecret@bad host":                     "",
	}
	for raw, want := range bad {
		_, err := mail.ParseURL(raw)
		if err == nil {
			t.Errorf("%s: accepted", raw)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q does not mention %q", raw, err, want)
		}
		if strings.Contains(err.Error(), "topsecret") {
			t.Errorf("%s: error %q shows the password", raw, err)
		}
	}
	cfg, _ := mail.ParseURL("smtp://u:topsecret@mail.kommun.se")
	if strings.Contains(cfg.String(), "topsecret") {
		t.Errorf("Config.String() = %q shows the password", cfg)
	}
}

func TestBadMessages(t *testing.T) {
	be := &backend{}
	port, roots := startServer(t, be, serverOpts{startTLS: true})
	s := sender(t, "smtp://127.0.0.1:"+port, roots)
	ok := func() mail.Message {
		m := message()
		m.From = mail.Address{Address: "noreply@kommun.example.se"}
		return m
	}
	cases := map[string]func(*mail.Message){
		"no sender":        func(m *mail.Message) { m.From = mail.Address{} },
		"no recipient":     func(m *mail.Message) { m.To = nil },
		"bad recipient":    func(m *mail.Message) { m.To = []mail.Address{{Address: "a@b.se\r\nBcc: x@y.se"}} },
		"no text":          func(m *mail.Message) { m.Text = "" },
		"http unsubscribe": func(m *mail.Message) { m.UnsubscribeURL = "http://samverkan.example.se/avregistrera" },
		"relative unsub":   func(m *mail.Message) { m.UnsubscribeURL = "/avregistrera" },
		"unsub with >":     func(m *mail.Message) { m.UnsubscribeURL = "https://x.se/a>b" },
	}
	for name, mutate := range cases {
		m := ok()
		mutate(&m)
		if err := s.Send(context.Background(), m); err == nil {
			t.Errorf("%s: sent", name)
		}
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("server received %d bad messages", n)
	}
	// The same message with the fault removed goes through, so the cases
	// above failed for their fault and not for the server.
	if err := s.Send(context.Background(), ok()); err != nil {
		t.Fatal(err)
	}
}

// TestSubjectCannotInjectHeaders: a line break in a subject (from a
// record's name, say) must not start a new header.
func TestSubjectCannotInjectHeaders(t *testing.T) {
	be := &backend{}
	port, roots := startServer(t, be, serverOpts{startTLS: true})
	s := sender(t, "smtp://127.0.0.1:"+port+"?from=noreply@kommun.example.se", roots)
	m := message()
	m.Subject = "Avtal\r\nBcc: angripare@example.com"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(be.messages()[0].data))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Bcc") != "" {
		t.Fatal("the subject injected a Bcc header")
	}
	if s, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); s != "Avtal Bcc: angripare@example.com" {
		t.Errorf("Subject = %q", s)
	}
}
