// Command samverkan is the Samverkan server and its maintenance commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "samverkan:", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

const usage = `Samverkan – registret för kommunal samverkan.

Användning:
  samverkan serve   [--addr :8080] [--db URL] [--demo] [--secure-cookies auto|always|never]
                    [--drain-delay 0s] [--drain-timeout 25s]
  samverkan migrate [--db URL]
  samverkan demo    [--db URL] [--synthetic N] [--seed S]
  samverkan import  --network SLUG [--dry-run] [--values] [--map "Kolumn=Fält"]… [--db URL] FIL.xlsx|FIL.csv
  samverkan export  --network SLUG --format xlsx|csv|json [--public] [-o FIL] [--db URL]
  samverkan user add --email ADRESS --role admin|coordinator|editor|reader
                    [--network SLUG] [--municipality KOD] [--password-stdin] [--db URL]
  samverkan token create --email ADRESS [--name NAMN] [--db URL]
  samverkan backup  [--db URL] FIL     (en SQLite-fil, från SQLite eller PostgreSQL)
  samverkan refdata population [--db URL] FIL   (folkmängd, CSV från SCB:s tabell BE0101A/BefolkningNy)
  samverkan kolada sync --kpi ID[,ID…] --years ÅÅÅÅ[,ÅÅÅÅ…] [--timeout 2m] [--db URL]
  samverkan harvest [--db URL] [--max-bytes N] [--timeout 60s] [ADRESS…]   (andra instansers öppna data till /nationellt)
  samverkan archive --network SLUG [--collaboration ID] -o FIL.zip [--producer NAMN]
                    [--actors pseudonymised|as-recorded|omitted] [--db URL]   (E-ARK-paket)
  samverkan version

DB URL: sqlite:PATH (standard sqlite:samverkan.db) eller postgres://...
Miljövariabler: SAMVERKAN_DB, SAMVERKAN_ADDR, SAMVERKAN_LOG_LEVEL (debug|info|warn|error), SAMVERKAN_LOG_FORMAT (text|json),
SAMVERKAN_SECURE_COOKIES, SAMVERKAN_KOLADA_URL (standard https://api.kolada.se/v3), SAMVERKAN_SMTP_URL och
SAMVERKAN_SMTP_FROM (påminnelser med e-post), SAMVERKAN_PUBLIC_URL (webbplatsens adress i e-post och öppna data), SAMVERKAN_DRAIN_DELAY,
SAMVERKAN_DRAIN_TIMEOUT, och för inloggning via organisationens OIDC-tjänst SAMVERKAN_OIDC_ISSUER,
SAMVERKAN_OIDC_CLIENT_ID, SAMVERKAN_OIDC_CLIENT_SECRET, SAMVERKAN_OIDC_REDIRECT_URL.`

// run is the whole program; tests call it with their own arguments,
// environment and writers.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{usage}
	}
	env := envOf(getenv)
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], env, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], env, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, args[1:], env, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "samverkan", version())
		return nil
	case "import":
		return cmdImport(ctx, args[1:], env, stdout, stderr)
	case "export":
		return cmdExport(ctx, args[1:], env, stdout, stderr)
	case "user":
		return cmdUser(ctx, args[1:], env, stdout, stderr)
	case "token":
		return cmdToken(ctx, args[1:], env, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args[1:], env, stdout, stderr)
	case "refdata":
		return cmdRefdata(ctx, args[1:], env, stdout, stderr)
	case "kolada":
		return cmdKolada(ctx, args[1:], env, stdout, stderr)
	case "harvest":
		return cmdHarvest(ctx, args[1:], env, stdout, stderr)
	case "archive":
		return cmdArchive(ctx, args[1:], env, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		return usageError{fmt.Sprintf("okänt kommando %q\n\n%s", args[0], usage)}
	}
}
