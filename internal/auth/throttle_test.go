package auth_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestLoginThrottleConcurrent is the audit's attack: 100 concurrent wrong
// passwords for one account from one address, half through each of two
// instances. At most the pair limit of them may have their password
// checked; the owner still logs in from another address meanwhile.
func TestLoginThrottleConcurrent(t *testing.T) {
	dialects := []string{"sqlite"}
	if sqldbtest.PostgresURL() != "" {
		dialects = append(dialects, "postgres")
	}
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			dbA, dbB := sqldbtest.NewShared(t, d == "postgres")
			a, err := auth.New(ctx, auth.Options{Store: dbA})
			if err != nil {
				t.Fatal(err)
			}
			b, err := auth.New(ctx, auth.Options{Store: dbB})
			if err != nil {
				t.Fatal(err)
			}
			checksA, checksB := auth.CountPasswordChecks(a), auth.CountPasswordChecks(b)
			if err := a.CreateUser(ctx, &samverkan.User{Email: "anna@uppsala.se",
				Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: uppsala}}}, password); err != nil {
				t.Fatal(err)
			}

			const attacker = "198.51.100.66"
			var wg sync.WaitGroup
			var refused, throttled, other atomic.Int64
			start := make(chan struct{})
			for i := range 100 {
				svc := a
				if i%2 == 1 {
					svc = b
				}
				wg.Go(func() {
					<-start
					_, err := svc.Login(ctx, "anna@uppsala.se", fmt.Sprintf("gissning-%d", i), attacker)
					switch samverkan.ErrorCode(err) {
					case samverkan.EUNAUTHORIZED:
						refused.Add(1)
					case samverkan.ETHROTTLED:
						throttled.Add(1)
					default:
						other.Add(1)
						t.Errorf("attempt %d: %v", i, err)
					}
				})
			}
			// The owner, from the office, while the attack runs.
			var ownerErr error
			wg.Go(func() {
				<-start
				_, ownerErr = b.Login(ctx, "anna@uppsala.se", password, "192.0.2.10")
			})
			close(start)
			wg.Wait()

			checked := checksA.Load() + checksB.Load() - 1 // the owner's check
			t.Logf("%s: %d passwords checked (%d on A, %d on B), %d refused, %d throttled",
				d, checked, checksA.Load(), checksB.Load(), refused.Load(), throttled.Load())
			max := int64(auth.DefaultThrottle.Pair.Max)
			if checked > max || checked < 1 {
				t.Errorf("%d wrong passwords checked, want at most %d", checked, max)
			}
			if refused.Load() != checked || throttled.Load() != 100-checked {
				t.Errorf("%d refused and %d throttled of 100, with %d checked", refused.Load(), throttled.Load(), checked)
			}
			if ownerErr != nil {
				t.Errorf("the owner from another address during the attack: %v", ownerErr)
			}
			// The attacker's address stays throttled for this account, even
			// with the right password; the owner gets in again.
			if _, err := a.Login(ctx, "anna@uppsala.se", password, attacker); samverkan.ErrorCode(err) != samverkan.ETHROTTLED {
				t.Errorf("right password from the attacking address: %v, want throttled", err)
			}
			if _, err := a.Login(ctx, "anna@uppsala.se", password, "192.0.2.11"); err != nil {
				t.Errorf("the owner after the attack: %v", err)
			}
		})
	}
}

// TestLoginSharedAddress: a municipality's staff share one address behind
// NAT or a load balancer. Colleagues' typos must not lock out the next
// person.
func TestLoginSharedAddress(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	const nat = "203.0.113.1"
	for i := range 20 {
		if _, err := f.svc.Login(ctx, fmt.Sprintf("kollega%d@uppsala.se", i%10), "fel", nat); samverkan.ErrorCode(err) != samverkan.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	if _, err := f.svc.Login(ctx, "anna@uppsala.se", password, nat); err != nil {
		t.Errorf("after 20 colleagues' failures behind the same address: %v", err)
	}
}

// TestLoginThrottlePolicy goes through every limit of a small policy.
func TestLoginThrottlePolicy(t *testing.T) {
	policy := auth.Throttle{
		Pair:         auth.Limit{Max: 3, Window: 15 * time.Minute},
		Account:      auth.Limit{Max: 6, Window: time.Hour},
		Address:      auth.Limit{Max: 10, Window: 15 * time.Minute},
		KnownAddress: 30 * 24 * time.Hour,
	}
	f := newFixture(t, func(o *auth.Options) { o.Throttle = policy })
	checks := auth.CountPasswordChecks(f.svc)
	ctx := context.Background()
	login := func(email, pw, ip string) string {
		_, err := f.svc.Login(ctx, email, pw, ip)
		return samverkan.ErrorCode(err)
	}
	const ok, wrong, throttled = "", samverkan.EUNAUTHORIZED, samverkan.ETHROTTLED

	// Pair: three failures from one address; then even the right password
	// waits there, and is not checked; another address is not affected.
	for i := range 3 {
		if got := login("Anna@uppsala.se ", "fel", "192.0.2.1"); got != wrong {
			t.Fatalf("pair failure %d: %q", i+1, got)
		}
	}
	before := checks.Load()
	if got := login("anna@uppsala.se", password, "192.0.2.1"); got != throttled {
		t.Errorf("right password after the pair limit: %q, want throttled", got)
	}
	if checks.Load() != before {
		t.Error("a throttled attempt had its password checked")
	}
	if got := login("anna@uppsala.se", password, "192.0.2.2"); got != ok {
		t.Errorf("from another address: %q", got)
	}
	// The window passes.
	f.clock.Add(15*time.Minute + time.Second)
	if got := login("anna@uppsala.se", password, "192.0.2.1"); got != ok {
		t.Errorf("after the pair window: %q", got)
	}
	// A success clears the pair: two more failures and a success, then
	// three failures are needed again.
	login("anna@uppsala.se", "fel", "192.0.2.1")
	login("anna@uppsala.se", "fel", "192.0.2.1")
	if got := login("anna@uppsala.se", password, "192.0.2.1"); got != ok {
		t.Fatalf("success within the pair limit: %q", got)
	}
	login("anna@uppsala.se", "fel", "192.0.2.1")
	if got := login("anna@uppsala.se", password, "192.0.2.1"); got != ok {
		t.Errorf("pair not cleared by a success: %q", got)
	}

	// Account: a guesser spread over many addresses. After six failures
	// within the hour an unknown address waits; the addresses that logged
	// the account in before (192.0.2.1, .2) do not.
	f.clock.Add(time.Hour + time.Second)
	for i := range 6 {
		if got := login("anna@uppsala.se", "fel", fmt.Sprintf("198.51.100.%d", i+1)); got != wrong {
			t.Fatalf("spread failure %d: %q", i+1, got)
		}
	}
	if got := login("anna@uppsala.se", password, "198.51.100.99"); got != throttled {
		t.Errorf("unknown address after the account limit: %q, want throttled", got)
	}
	if got := login("anna@uppsala.se", password, "192.0.2.2"); got != ok {
		t.Errorf("the owner's known address during a spread attack: %q", got)
	}
	// Other accounts are not affected.
	f.createUser(t, "berit@uppsala.se", password)
	if got := login("berit@uppsala.se", password, "198.51.100.99"); got != ok {
		t.Errorf("another account: %q", got)
	}

	// Address: ten failures over many accounts from one address, then
	// every account waits there.
	f.clock.Add(time.Hour + time.Second)
	for i := range 10 {
		if got := login(fmt.Sprintf("gissning%d@uppsala.se", i), "fel", "203.0.113.7"); got != wrong {
			t.Fatalf("address failure %d: %q", i+1, got)
		}
	}
	if got := login("berit@uppsala.se", password, "203.0.113.7"); got != throttled {
		t.Errorf("after the address limit: %q, want throttled", got)
	}
	if got := login("berit@uppsala.se", password, "203.0.113.8"); got != ok {
		t.Errorf("from the next address: %q", got)
	}

	// An unknown e-mail counts like a wrong password, so it cannot be told
	// apart by when throttling starts.
	f.clock.Add(time.Hour + time.Second)
	for range 3 {
		login("ingen@uppsala.se", "fel", "192.0.2.50")
	}
	if got := login("ingen@uppsala.se", "fel", "192.0.2.50"); got != throttled {
		t.Errorf("unknown e-mail after the pair limit: %q, want throttled", got)
	}

	if _, err := auth.New(ctx, auth.Options{Store: f.db, Throttle: auth.Throttle{Pair: auth.Limit{Max: 1}}}); err == nil {
		t.Error("a policy without windows accepted")
	}
}

func TestClientIP(t *testing.T) {
	proxies, err := auth.ParseTrustedProxies("10.0.0.0/8, 2001:db8::/32 192.0.2.10")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.ParseTrustedProxies("10.0.0.0/8,lastbalanseraren"); err == nil {
		t.Error("a name accepted as a proxy")
	}
	none := newFixture(t, nil).svc
	behind := newFixture(t, func(o *auth.Options) { o.TrustedProxies = proxies }).svc
	for _, tc := range []struct {
		svc    *auth.Service
		remote string
		xff    []string
		want   string
	}{
		{none, "198.51.100.7:4321", nil, "198.51.100.7"},
		// Without trusted proxies the header is the client's to forge.
		{none, "198.51.100.7:4321", []string{"203.0.113.9"}, "198.51.100.7"},
		{none, "[2001:db8::1]:443", nil, "2001:db8::1"},
		// From a trusted proxy: the right-most untrusted hop.
		{behind, "10.1.2.3:80", []string{"203.0.113.9"}, "203.0.113.9"},
		{behind, "10.1.2.3:80", []string{"6.6.6.6, 203.0.113.9, 10.0.0.5"}, "203.0.113.9"},
		{behind, "10.1.2.3:80", []string{"6.6.6.6", "203.0.113.9, 192.0.2.10"}, "203.0.113.9"},
		{behind, "[2001:db8::7]:80", []string{"203.0.113.9"}, "203.0.113.9"},
		// A forged header from an untrusted peer is ignored.
		{behind, "198.51.100.7:4321", []string{"10.0.0.1"}, "198.51.100.7"},
		// Garbage where a proxy's hop should be: the proxy's own address.
		{behind, "10.1.2.3:80", []string{"203.0.113.9, nonsense"}, "10.1.2.3"},
		{behind, "10.1.2.3:80", nil, "10.1.2.3"},
		{behind, "[::ffff:10.1.2.3]:80", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		for _, h := range tc.xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		if got := tc.svc.ClientIP(r); got != tc.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %s, want %s", tc.remote, tc.xff, got, tc.want)
		}
	}
}
