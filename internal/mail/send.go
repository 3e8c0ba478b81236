package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"slices"
	"strings"
	"time"
)

// Sender sends messages through one SMTP server. It holds no connection:
// each Send dials, delivers and quits, which suits a few reminders a day and
// leaves nothing to share between instances.
type Sender struct {
	cfg Config
	now func() time.Time
}

// NewSender checks cfg and returns a Sender for it.
func NewSender(cfg Config) (*Sender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Sender{cfg: cfg, now: time.Now}, nil
}

// Config returns the sender's configuration.
func (s *Sender) Config() Config { return s.cfg }

// Send delivers m to all its recipients or to none: a recipient the server
// refuses aborts the whole transaction, and the error names the address.
// The conversation ends when ctx ends or after Config.Timeout, whichever
// comes first; errors.Is(err, context.DeadlineExceeded) then holds.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if m.From.Address == "" {
		m.From = s.cfg.From
	}
	if m.Date.IsZero() {
		m.Date = s.now()
	}
	if m.MessageID == "" && m.From.Address != "" {
		id, err := newMessageID(m.From.Address)
		if err != nil {
			return err
		}
		m.MessageID = id
	}
	raw, err := m.encode()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.timeout())
	defer cancel()
	if err := s.deliver(ctx, m, raw); err != nil {
		if ctx.Err() != nil {
			// The I/O error ("use of closed connection", "i/o timeout")
			// hides why; say it was the deadline or the caller's cancel.
			return fmt.Errorf("mail: %s: %w (%v)", s.cfg.Host, context.Cause(ctx), err)
		}
		return fmt.Errorf("mail: %s: %w", s.cfg.Host, err)
	}
	return nil
}

func (s *Sender) deliver(ctx context.Context, m Message, raw []byte) error {
	addr := net.JoinHostPort(s.cfg.Host, s.cfg.Port)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	// net/smtp knows no context: a deadline in the past wakes every blocked
	// read and write when ctx ends, be it the timeout or the caller. (No
	// conn deadline of its own: it could fire a moment before ctx is done
	// and the error would not say why.)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	tlsConfig := &tls.Config{ServerName: s.cfg.Host, RootCAs: s.cfg.RootCAs, MinVersion: tls.VersionTLS12}
	if s.cfg.Security == ImplicitTLS {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("TLS: %w", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello(s.cfg.helloName()); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	if s.cfg.Security == StartTLSRequired || s.cfg.Security == StartTLSOpportunistic {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return fmt.Errorf("STARTTLS: %w", err)
			}
		} else if s.cfg.Security == StartTLSRequired {
			return errors.New("the server does not offer STARTTLS, which starttls=required demands; nothing was sent")
		}
	}
	if s.cfg.Username != "" {
		_, isTLS := c.TLSConnectionState()
		if !isTLS && !isLoopback(s.cfg.Host) {
			return errors.New("refusing to send the password without TLS (the server offers no STARTTLS); nothing was sent")
		}
		ok, mechs := c.Extension("AUTH")
		if !ok || !slices.Contains(strings.Fields(strings.ToUpper(mechs)), "PLAIN") {
			return fmt.Errorf("the server does not offer AUTH PLAIN (offers %q)", mechs)
		}
		if err := c.Auth(plainAuth{user: s.cfg.Username, pass: s.cfg.Password, host: s.cfg.Host}); err != nil {
			return fmt.Errorf("AUTH PLAIN as %s: %w", s.cfg.Username, err)
		}
	}
	if err := c.Mail(m.From.Address); err != nil {
		return fmt.Errorf("MAIL FROM <%s>: %w", m.From.Address, err)
	}
	for _, to := range m.To {
		if err := c.Rcpt(to.Address); err != nil {
			c.Reset()
			return fmt.Errorf("the server refused recipient <%s>, so the message went to nobody: %w", to.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("the server did not accept the message: %w", err)
	}
	// The message is accepted; a failing QUIT changes nothing about that.
	c.Quit()
	return nil
}

// plainAuth is AUTH PLAIN (RFC 4616). net/smtp's PlainAuth only trusts the
// names "localhost", "127.0.0.1" and "::1" without TLS; this one shares the
// package's loopback rule, which Config.Validate also applies.
type plainAuth struct{ user, pass, host string }

func (a plainAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLoopback(a.host) {
		return "", nil, errors.New("refusing AUTH PLAIN without TLS")
	}
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.pass), nil
}

func (a plainAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("unexpected server challenge during AUTH PLAIN")
	}
	return nil, nil
}
