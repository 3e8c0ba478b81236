// Package mail sends e-mail over SMTP: reminders and notices from Samverkan
// to the people who asked for them.
//
// The server is configured by one URL (the caller reads it from
// SAMVERKAN_SMTP_URL):
//
//	smtp://[USER[:PASSWORD]@]HOST[:PORT][?PARAMS]    submission, default port 587
//	smtps://[USER[:PASSWORD]@]HOST[:PORT][?PARAMS]   implicit TLS, default port 465
//
// PARAMS, all optional:
//
//	starttls=required       (smtp:// default) upgrade with STARTTLS or do not send
//	starttls=opportunistic  upgrade when the server offers STARTTLS, else send in clear
//	starttls=none           never upgrade (a relay on the same host or network)
//	from=ADDRESS            default sender, e.g. from=noreply@kommun.se or
//	                        from=Samverkan%20%3Cnoreply@kommun.se%3E
//	helo=NAME               name sent in EHLO (default "localhost")
//	timeout=DURATION        limit for one whole conversation, e.g. 30s (default 30s)
//
// USER and PASSWORD are percent-encoded (user%40kommun.se). With a user the
// client logs in with AUTH PLAIN, and only over TLS: a URL that would send
// the password in clear is refused, except to a loopback address (a local
// relay), and with starttls=opportunistic the message is not sent when the
// server turns out not to offer STARTTLS. Certificates are always verified.
//
// Example: smtp://samverkan:hemligt@smtp.kommun.se:587?from=noreply@kommun.se
package mail

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Security says how the connection is protected.
type Security int

const (
	// StartTLSRequired upgrades with STARTTLS and refuses to send without it.
	StartTLSRequired Security = iota
	// StartTLSOpportunistic upgrades when offered and otherwise sends in clear.
	StartTLSOpportunistic
	// NoTLS never upgrades.
	NoTLS
	// ImplicitTLS speaks TLS from the first byte (smtps, port 465).
	ImplicitTLS
)

func (s Security) String() string {
	switch s {
	case StartTLSRequired:
		return "starttls=required"
	case StartTLSOpportunistic:
		return "starttls=opportunistic"
	case NoTLS:
		return "starttls=none"
	case ImplicitTLS:
		return "implicit TLS"
	}
	return "Security(" + strconv.Itoa(int(s)) + ")"
}

// DefaultTimeout bounds one conversation with the server when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config is a parsed SMTP URL plus what a URL cannot carry (RootCAs).
type Config struct {
	Host     string
	Port     string
	Security Security
	// Username and Password log in with AUTH PLAIN; empty Username means no login.
	Username string
	Password string
	// From is the sender when a Message has none.
	From mail.Address
	// HelloName is sent in EHLO; "localhost" when empty.
	HelloName string
	// Timeout bounds a whole Send, from dial to QUIT; DefaultTimeout when zero.
	Timeout time.Duration
	// RootCAs verifies the server's certificate; nil means the system's roots.
	RootCAs *x509.CertPool
}

// ParseURL parses an SMTP URL in the format described in the package
// documentation. Errors never contain the password.
func ParseURL(raw string) (Config, error) {
	var c Config
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the whole URL, password included.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return c, fmt.Errorf("smtp url: %w", err)
	}
	switch u.Scheme {
	case "smtp":
		c.Security, c.Port = StartTLSRequired, "587"
	case "smtps":
		c.Security, c.Port = ImplicitTLS, "465"
	default:
		return c, fmt.Errorf("smtp url: scheme %q, want smtp or smtps", u.Scheme)
	}
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return c, errors.New("smtp url: want smtp://[user[:password]@]host[:port][?params], with no path")
	}
	c.Host = u.Hostname()
	if c.Host == "" {
		return c, errors.New("smtp url: no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return c, fmt.Errorf("smtp url: bad port %q", p)
		}
		c.Port = p
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return c, fmt.Errorf("smtp url: query: %w", err)
	}
	for key, vals := range q {
		if len(vals) != 1 {
			return c, fmt.Errorf("smtp url: %s given %d times", key, len(vals))
		}
		v := vals[0]
		switch key {
		case "starttls":
			if u.Scheme == "smtps" {
				return c, errors.New("smtp url: starttls does not apply to smtps, which is TLS from the start")
			}
			switch v {
			case "required":
				c.Security = StartTLSRequired
			case "opportunistic":
				c.Security = StartTLSOpportunistic
			case "none":
				c.Security = NoTLS
			default:
				return c, fmt.Errorf("smtp url: starttls=%q, want required, opportunistic or none", v)
			}
		case "from":
			a, err := mail.ParseAddress(v)
			if err != nil {
				return c, fmt.Errorf("smtp url: from=%q: %w", v, err)
			}
			c.From = *a
		case "helo":
			if v == "" || strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
				return c, fmt.Errorf("smtp url: helo=%q is not a host name", v)
			}
			c.HelloName = v
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return c, fmt.Errorf("smtp url: timeout=%q, want a positive duration such as 30s", v)
			}
			c.Timeout = d
		default:
			// A typo such as "startls=none" must not silently mean the default.
			return c, fmt.Errorf("smtp url: unknown parameter %q (known: starttls, from, helo, timeout)", key)
		}
	}
	return c, c.Validate()
}

// Validate checks what can be checked before connecting, above all that a
// password would never travel in clear.
func (c Config) Validate() error {
	if c.Host == "" || c.Port == "" {
		return errors.New("smtp: host and port are required")
	}
	if c.Security < StartTLSRequired || c.Security > ImplicitTLS {
		return fmt.Errorf("smtp: unknown security %d", int(c.Security))
	}
	if c.Username != "" && c.Security == NoTLS && !isLoopback(c.Host) {
		return fmt.Errorf("smtp: refusing to log in to %s without TLS; use starttls=required or smtps", c.Host)
	}
	if c.Timeout < 0 {
		return errors.New("smtp: negative timeout")
	}
	return nil
}

// String describes c for logs, without the password.
func (c Config) String() string {
	s := fmt.Sprintf("%s:%s (%s", c.Host, c.Port, c.Security)
	if c.Username != "" {
		s += ", user " + c.Username
	}
	return s + ")"
}

func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c Config) helloName() string {
	if c.HelloName != "" {
		return c.HelloName
	}
	return "localhost"
}

// isLoopback reports whether host is this machine, where a clear-text
// login never leaves the host.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
