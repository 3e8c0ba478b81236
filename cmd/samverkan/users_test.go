package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func withStdin(t *testing.T, s string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(s)
	t.Cleanup(func() { stdin = old })
}

func TestUserAdd(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "u.db")
	var out bytes.Buffer
	withStdin(t, "") // a generated password must not read stdin
	if err := run(ctx, []string{"user", "add", "--db", dsn, "--email", "Chef@Kommun.se", "--role", "admin"}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("user add: %v", err)
	}
	m := regexp.MustCompile(`Lösenord: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no generated password in %q", out.String())
	}
	generated := m[1]

	withStdin(t, "ett-eget-langt-losenord\r\n")
	out.Reset()
	if err := run(ctx, []string{"user", "add", "--db", dsn, "--email", "red@kommun.se", "--role", "editor",
		"--municipality", "0331", "--password-stdin"}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("user add --password-stdin: %v", err)
	}
	if strings.Contains(out.String(), "ett-eget") || strings.Contains(out.String(), "Lösenord:") {
		t.Errorf("the given password was printed: %q", out.String())
	}

	db := sqldbtest.Open(t, dsn)
	svc, err := auth.New(ctx, auth.Options{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.Login(ctx, "chef@kommun.se", generated, "")
	if err != nil || len(u.Grants) != 1 || u.Grants[0].Role != samverkan.RoleAdmin {
		t.Errorf("login with the generated password: %v %+v", err, u)
	}
	if _, err := svc.Login(ctx, "red@kommun.se", "ett-eget-langt-losenord", ""); err != nil {
		t.Errorf("login with the password from stdin: %v", err)
	}
	events, _ := db.AuditEvents(ctx, sqldb.EntityUser, "")
	if len(events) != 2 || events[0].Actor != cliActor {
		t.Errorf("audit = %+v", events)
	}

	var usage usageError
	for _, tc := range []struct {
		args  []string
		stdin string
		usage bool
		want  string
	}{
		{[]string{"user"}, "", true, "user add"},
		{[]string{"user", "add", "--email", "x@kommun.se"}, "", true, "--role"},
		{[]string{"user", "add", "--email", "x@kommun.se", "--role", "kung"}, "", true, "okänd roll"},
		{[]string{"user", "add", "--email", "x@kommun.se", "--role", "admin", "--password-stdin"}, "", true, "inget lösenord"},
		{[]string{"user", "add", "--email", "x@kommun.se", "--role", "admin", "--password-stdin"}, "kort\n", false, "minst 12"},
		{[]string{"user", "add", "--email", "CHEF@kommun.se", "--role", "admin"}, "", false, "finns redan"},
		{[]string{"user", "add", "--email", "x@kommun.se", "--role", "coordinator"}, "", false, "--network krävs för rollen coordinator"},
		{[]string{"user", "add", "--email", "x@kommun.se", "--role", "reader"}, "", false, "--network krävs för rollen reader"},
		{[]string{"user", "add", "--email", "x@kommun.se", "--role", "editor"}, "", false, "--municipality krävs för rollen editor"},
		{[]string{"user", "add", "--email", "x@kommun.se", "--role", "reader", "--network", "saknas"}, "", false, "--network: Okänt nätverk"},
		{[]string{"user", "add", "--email", "x@kommun.se", "--role", "editor", "--municipality", "9999"}, "", false, "--municipality: Okänd kommun"},
		{[]string{"user", "add", "--email", "kommun.se", "--role", "admin"}, "", false, "--email: Ogiltig e-postadress"},
	} {
		withStdin(t, tc.stdin)
		args := append(tc.args, "--db", dsn)
		if len(tc.args) == 1 {
			args = tc.args
		}
		err := run(ctx, args, noEnv, io.Discard, io.Discard)
		if err == nil || errors.As(err, &usage) != tc.usage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run %v = %v; want usage %v, containing %q", tc.args, err, tc.usage, tc.want)
		}
		// The command line names its flags, never the record's fields.
		if err != nil && strings.Contains(err.Error(), "grants[") {
			t.Errorf("run %v names an internal field: %v", tc.args, err)
		}
	}
}

func TestTokenCreate(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "t.db")
	if err := run(ctx, []string{"user", "add", "--db", dsn, "--email", "skript@kommun.se", "--role", "admin"}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"token", "create", "--db", dsn, "--email", "SKRIPT@kommun.se", "--name", "nattlig export"}, noEnv, &out, &errOut); err != nil {
		t.Fatalf("token create: %v", err)
	}
	plain := strings.TrimSpace(out.String())
	if !strings.HasPrefix(plain, "svk_") || strings.Contains(plain, "\n") {
		t.Fatalf("stdout %q is not one token", out.String())
	}
	db := sqldbtest.Open(t, dsn)
	sum := sha256.Sum256([]byte(plain))
	tok, u, err := db.TokenByHash(ctx, sum[:])
	if err != nil || tok.Name != "nattlig export" || u.Email != "skript@kommun.se" {
		t.Errorf("stored token: %+v %+v %v", tok, u, err)
	}
	for _, args := range [][]string{{"token"}, {"token", "create"}, {"token", "create", "--email", "okand@kommun.se"}} {
		if len(args) > 1 {
			args = append(args, "--db", dsn)
		}
		if err := run(ctx, args, noEnv, io.Discard, io.Discard); err == nil {
			t.Errorf("run %v succeeded", args)
		}
	}
}

func TestDemoAccounts(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	svc, err := auth.New(ctx, auth.Options{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{4, 0} {
		n, err := ensureDemoAccounts(ctx, db, svc)
		if err != nil || n != want {
			t.Fatalf("run %d: created %d, %v; want %d", i+1, n, err, want)
		}
	}
	users, err := db.Users(ctx)
	if err != nil || len(users) != 4 {
		t.Fatalf("Users = %d, %v", len(users), err)
	}
	for _, a := range demoAccounts {
		u, err := svc.Login(ctx, a.Email, demoPassword, "")
		if err != nil {
			t.Errorf("%s: %v", a.Email, err)
			continue
		}
		if asJSONString(u.Grants) != asJSONString(a.Grants) {
			t.Errorf("%s: grants %+v, want %+v", a.Email, u.Grants, a.Grants)
		}
	}
}

func asJSONString(gs []samverkan.Grant) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.Role + "/" + g.Network + "/" + g.Municipality + ";")
	}
	return b.String()
}

func TestServeAuthSettings(t *testing.T) {
	var usage usageError
	if err := run(context.Background(), []string{"serve", "--secure-cookies", "sometimes"}, noEnv, io.Discard, io.Discard); !errors.As(err, &usage) {
		t.Errorf("--secure-cookies sometimes: %v, want a usage error", err)
	}
	for _, env := range []map[string]string{
		{"SAMVERKAN_OIDC_CLIENT_ID": "x"},
		{"SAMVERKAN_OIDC_ISSUER": "https://idp.example", "SAMVERKAN_OIDC_CLIENT_ID": "x"},
	} {
		err := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
		if !errors.As(err, &usage) || !strings.Contains(err.Error(), "OIDC") {
			t.Errorf("env %v: %v, want a usage error about OIDC", env, err)
		}
	}
	c, err := oidcFromEnv(envOf(func(k string) string {
		return map[string]string{"SAMVERKAN_OIDC_ISSUER": "https://idp.example", "SAMVERKAN_OIDC_CLIENT_ID": "id",
			"SAMVERKAN_OIDC_CLIENT_SECRET": "s", "SAMVERKAN_OIDC_REDIRECT_URL": "https://x/cb"}[k]
	}))
	if err != nil || *c != (auth.OIDCConfig{Issuer: "https://idp.example", ClientID: "id", ClientSecret: "s", RedirectURL: "https://x/cb"}) {
		t.Errorf("oidcFromEnv = %+v, %v", c, err)
	}
	if c, err := oidcFromEnv(envOf(noEnv)); c != nil || err != nil {
		t.Errorf("without OIDC settings: %+v, %v", c, err)
	}
}
