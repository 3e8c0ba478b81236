package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// Address is net/mail's address, so callers need not import both packages.
type Address = mail.Address

// Message is one e-mail. Reminders carry a personal unsubscribe link, so
// send one Message per recipient.
type Message struct {
	// From overrides Config.From.
	From mail.Address
	To   []mail.Address
	// Subject may hold any Unicode ("Påminnelse: avtal löper ut"); it is
	// written as RFC 2047 encoded words. Line breaks become spaces.
	Subject string
	// Text is the plain-text body; required.
	Text string
	// HTML is an optional HTML body of the same content. With it the
	// message is multipart/alternative, plain text first.
	HTML string
	// UnsubscribeURL, an absolute https URL, adds List-Unsubscribe
	// (RFC 2369) and List-Unsubscribe-Post (RFC 8058): mail programs show an
	// unsubscribe button that POSTs "List-Unsubscribe=One-Click" to it. The
	// URL must work without a login and should carry an opaque token.
	// RFC 8058 also asks for a DKIM signature covering both headers; that is
	// the outgoing relay's job.
	UnsubscribeURL string
	// Date is the Date header; the time of sending when zero.
	Date time.Time
	// MessageID is the Message-ID without angle brackets; a random one at
	// the sender's domain when empty.
	MessageID string
}

// encode renders the message with CRLF line ends and 7-bit content:
// headers as encoded words, bodies as quoted-printable UTF-8, so no relay
// needs 8BITMIME or SMTPUTF8 for the content.
func (m Message) encode() ([]byte, error) {
	if m.From.Address == "" {
		return nil, errors.New("mail: no sender: set Message.From or from= in the SMTP URL")
	}
	if len(m.To) == 0 {
		return nil, errors.New("mail: no recipient")
	}
	for _, a := range append([]mail.Address{m.From}, m.To...) {
		if err := checkAddress(a); err != nil {
			return nil, err
		}
	}
	if m.Text == "" {
		return nil, errors.New("mail: empty text body")
	}
	var unsub string
	if m.UnsubscribeURL != "" {
		u, err := url.Parse(m.UnsubscribeURL)
		if err != nil || u.Scheme != "https" || u.Host == "" ||
			strings.ContainsFunc(m.UnsubscribeURL, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '<' || r == '>' }) {
			return nil, fmt.Errorf("mail: unsubscribe URL %q is not an absolute https URL (RFC 8058)", m.UnsubscribeURL)
		}
		unsub = u.String()
	}

	var b bytes.Buffer
	header := func(name, value string) { writeHeader(&b, name, value) }
	header("Date", m.Date.Format(time.RFC1123Z))
	header("From", m.From.String())
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.String()
	}
	header("To", strings.Join(to, ", "))
	header("Subject", encodeWords(oneLine(m.Subject)))
	header("Message-ID", "<"+m.MessageID+">")
	header("MIME-Version", "1.0")
	// RFC 3834: keeps out-of-office replies and auto-forwards from answering.
	header("Auto-Submitted", "auto-generated")
	if unsub != "" {
		header("List-Unsubscribe", "<"+unsub+">")
		header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	if m.HTML == "" {
		textPart(&b, "text/plain", m.Text)
		return b.Bytes(), nil
	}
	boundary, err := randomHex(18)
	if err != nil {
		return nil, err
	}
	boundary = "samverkan-" + boundary
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": boundary}))
	b.WriteString("\r\nThis is a multipart message in MIME format.\r\n")
	for _, p := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		b.WriteString("\r\n--" + boundary + "\r\n")
		textPart(&b, p.typ, p.body)
	}
	b.WriteString("\r\n--" + boundary + "--\r\n")
	return b.Bytes(), nil
}

// textPart writes the Content-Type and encoding headers, a blank line and
// body as quoted-printable with CRLF line ends.
func textPart(b *bytes.Buffer, typ, body string) {
	writeHeader(b, "Content-Type", mime.FormatMediaType(typ, map[string]string{"charset": "utf-8"}))
	writeHeader(b, "Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	qp := quotedprintable.NewWriter(b)
	// In text mode the writer turns "\n" into a CRLF hard line break.
	qp.Write([]byte(body))
	qp.Close()
}

func checkAddress(a mail.Address) error {
	parsed, err := mail.ParseAddress(a.Address)
	if err != nil || parsed.Address != a.Address || parsed.Name != "" {
		return fmt.Errorf("mail: bad address %q", a.Address)
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}

// encodeWords Q-encodes s when it needs it; mime splits long text into
// encoded words of at most 75 characters, separated by spaces that
// writeHeader may fold at.
func encodeWords(s string) string { return mime.QEncoding.Encode("utf-8", s) }

// maxHeaderLine is RFC 5322's recommended line length (2.1.1).
const maxHeaderLine = 78

// writeHeader writes "Name: value" folded at spaces so lines stay within
// 78 characters where the value allows it.
func writeHeader(b *bytes.Buffer, name, value string) {
	line := name + ":"
	for _, word := range strings.Split(value, " ") {
		if len(line)+1+len(word) > maxHeaderLine && len(line) > len(name)+1 {
			b.WriteString(line + "\r\n")
			line = ""
		}
		line += " " + word
	}
	b.WriteString(line + "\r\n")
}

func randomHex(n int) (string, error) {
	p := make([]byte, n)
	if _, err := rand.Read(p); err != nil {
		return "", fmt.Errorf("mail: random: %w", err)
	}
	return hex.EncodeToString(p), nil
}

// newMessageID returns a unique id at the sender's domain, as RFC 5322 3.6.4 suggests.
func newMessageID(from string) (string, error) {
	r, err := randomHex(16)
	if err != nil {
		return "", err
	}
	domain := from[strings.LastIndexByte(from, '@')+1:]
	return r + "@" + domain, nil
}
