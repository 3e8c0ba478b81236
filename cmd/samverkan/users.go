package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// stdin is where --password-stdin reads; tests replace it. Nothing here
// ever prompts: the commands run in scripts and CI without a terminal.
var stdin io.Reader = os.Stdin

// cliActor names the command line in the audit history.
const cliActor = "kommandorad"

func cmdUser(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{"användning: samverkan user add --email ADRESS --role admin|coordinator|editor|reader " +
			"[--network SLUG] [--municipality KOD] [--password-stdin] [--db URL]"}
	}
	fs := flagSet("user add", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	email := fs.String("email", "", "the account's e-mail address")
	role := fs.String("role", "", "admin, coordinator, editor or reader")
	network := fs.String("network", "", "network slug (coordinator, reader)")
	muni := fs.String("municipality", "", "municipality code (editor)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input instead of generating one")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usageError{"samverkan user add: --email och --role krävs"}
	}
	if !samverkan.UserRoles.Has(*role) {
		return usageError{fmt.Sprintf("samverkan user add: okänd roll %q (admin, coordinator, editor eller reader)", *role)}
	}
	password, generated := "", false
	if *fromStdin {
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		password = pw
	} else {
		password, generated = auth.GeneratePassword(), true
	}
	log := newLogger(e, stderr)
	db, err := openDB(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := auth.New(ctx, auth.Options{Store: db, Logger: log})
	if err != nil {
		return err
	}
	u := &samverkan.User{Email: *email, Grants: []samverkan.Grant{{Role: *role, Network: *network, Municipality: *muni}}}
	if err := svc.CreateUser(samverkan.WithActor(ctx, cliActor), u, password); err != nil {
		return describeUserFlags(err, *role, map[string]string{"email": *email, "network": *network, "municipality": *muni})
	}
	fmt.Fprintf(stdout, "Kontot %s är skapat (%s).\n", u.Email, strings.ToLower(samverkan.UserRoles.Label(*role, "sv")))
	if generated {
		fmt.Fprintf(stdout, "Lösenord: %s\nSpara lösenordet nu: det visas inte igen. Byt det efter första inloggningen.\n", password)
	}
	return nil
}

// readPassword reads one line: the password, without its line ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("läs lösenordet: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usageError{"samverkan user add: --password-stdin gav inget lösenord"}
	}
	return line, nil
}

func cmdToken(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError{"användning: samverkan token create --email ADRESS [--name NAMN] [--db URL]"}
	}
	fs := flagSet("token create", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	email := fs.String("email", "", "the e-mail of the account the token acts as")
	name := fs.String("name", "kommandorad", "a label for the token")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return usageError{"samverkan token create: --email krävs"}
	}
	log := newLogger(e, stderr)
	db, err := openDB(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := auth.New(ctx, auth.Options{Store: db, Logger: log})
	if err != nil {
		return err
	}
	u, err := db.UserByEmail(ctx, *email)
	if err != nil {
		if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			return fmt.Errorf("det finns inget konto med e-postadressen %s", *email)
		}
		return err
	}
	if u.Disabled {
		return fmt.Errorf("kontot %s är avstängt", u.Email)
	}
	plain, _, err := svc.CreateToken(samverkan.WithActor(ctx, cliActor), u, *name)
	if err != nil {
		return describe(err)
	}
	// The token alone on stdout, for scripts; the advice on stderr.
	fmt.Fprintln(stdout, plain)
	fmt.Fprintf(stderr, "API-nyckeln %q för %s är skapad. Spara den nu: den visas inte igen.\n", *name, u.Email)
	return nil
}

// describe turns an application error into one readable message with its
// field errors.
func describe(err error) error {
	fields := samverkan.FieldErrors(err)
	var e *samverkan.Error
	if !errors.As(err, &e) {
		return err
	}
	if len(fields) == 0 {
		return errors.New(e.Message)
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range fields {
		fmt.Fprintf(&b, "\n  %s: %s", f.Field, f.Message("sv"))
	}
	return errors.New(b.String())
}

// userFlags names the flag of `user add` behind each field of the one
// grant it makes.
var userFlags = map[string]string{
	"email": "email", "password": "password-stdin",
	"grants[0].network": "network", "grants[0].municipality": "municipality", "grants[0].role": "role",
}

// describeUserFlags is describe for `user add`: the user's fields are
// named by the flags that set them, and a flag left out is said to be
// required for the role. The rules stay the domain's (User.Validate).
func describeUserFlags(err error, role string, given map[string]string) error {
	fields := samverkan.FieldErrors(err)
	var e *samverkan.Error
	if !errors.As(err, &e) || len(fields) == 0 {
		return describe(err)
	}
	var lines []string
	for _, f := range fields {
		flag, ok := userFlags[f.Field]
		switch {
		case !ok:
			lines = append(lines, fmt.Sprintf("%s: %s", f.Field, f.Message("sv")))
		case flag != "password-stdin" && flag != "role" && given[flag] == "":
			lines = append(lines, fmt.Sprintf("--%s krävs för rollen %s", flag, role))
		default:
			lines = append(lines, fmt.Sprintf("--%s: %s", flag, f.Message("sv")))
		}
	}
	msg := strings.Join(lines, "\n")
	if e.Code != samverkan.EINVALID {
		// Not a form's errors (e.g. the e-mail is taken): the message
		// says what, the lines say where.
		msg = e.Message + "\n  " + strings.Join(lines, "\n  ")
	}
	return errors.New(msg)
}

// Demo accounts, created by serve --demo only. Their shared password is
// public (it is in the documentation): never use them outside a demo.
const demoPassword = "samverkan-demo"

var demoAccounts = []samverkan.User{
	{Email: "admin@demo.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}},
	{Email: "samordnare.ggvv@demo.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleCoordinator, Network: "ggvv"}}},
	{Email: "redaktor.heby@demo.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: "0331"}}},
	{Email: "lasare.v6@demo.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleReader, Network: "v6"}}},
}

// ensureDemoAccounts creates the demo accounts that are missing.
func ensureDemoAccounts(ctx context.Context, db *sqldb.DB, svc *auth.Service) (created int, err error) {
	ctx = samverkan.WithActor(ctx, "demo")
	for _, a := range demoAccounts {
		if _, err := db.UserByEmail(ctx, a.Email); err == nil {
			continue
		} else if samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
			return created, err
		}
		u := a
		u.Grants = append([]samverkan.Grant(nil), a.Grants...)
		if err := svc.CreateUser(ctx, &u, demoPassword); err != nil {
			return created, fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		created++
	}
	return created, nil
}
