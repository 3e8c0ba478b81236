package opendata

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
)

// nc is a hand-made harvested collaboration.
func nc(id int64, title, form string, areas []string, codes ...string) Collaboration {
	c := Collaboration{ID: id, Title: title, LegalForm: form, Areas: areas, Updated: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, code := range codes {
		c.Participants = append(c.Participants, Participant{Code: code, Role: samverkan.RoleMember})
	}
	return c
}

func harvest(source string, cs ...Collaboration) *Harvest {
	return &Harvest{Source: source, Fetched: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC),
		Dataset: &Dataset{Publisher: Publisher{Name: strings.TrimPrefix(source, "https://")}, Collaborations: cs}}
}

func withOrg(c Collaboration, org string) Collaboration { c.OrgNumber = org; return c }

// grouping renders the national records as "key: source#id source#id".
func grouping(rs []NationalRecord) []string {
	var out []string
	for _, r := range rs {
		s := strings.TrimPrefix(r.Key, "https://") + " (" + r.MatchedBy + "):"
		for _, src := range r.Sources {
			s += " " + strings.TrimPrefix(src.Dataset, "https://") + "#" + strconv.FormatInt(src.ID, 10)
		}
		out = append(out, s)
	}
	return out
}

const (
	fed = samverkan.FormFederationAssembly
	agr = samverkan.FormAgreement
	gn  = samverkan.FormJointCommittee
)

func TestNational(t *testing.T) {
	cases := []struct {
		name string
		hs   []*Harvest
		want []string
	}{
		{
			"the same organisation number joins whatever else differs",
			[]*Harvest{
				harvest("https://a", withOrg(nc(1, "Räddningstjänsten Syd", fed, []string{"270"}, "1280", "1281"), "222000-1234")),
				harvest("https://b", withOrg(nc(5, "RSYD", fed, []string{"275"}, "1280"), "2220001234")),
			},
			[]string{"org:222000-1234 (org_number): a#1 b#5"},
		},
		{
			"different organisation numbers never join",
			[]*Harvest{
				harvest("https://a", withOrg(nc(1, "Avfallsförbund", fed, []string{"870"}, "0331", "2180"), "222000-1111")),
				harvest("https://b", withOrg(nc(2, "Avfallsförbund", fed, []string{"870"}, "0331", "2180"), "222000-2222")),
			},
			[]string{"org:222000-1111 (single): a#1", "org:222000-2222 (single): b#2"},
		},
		{
			"same municipalities, overlapping areas and form join",
			[]*Harvest{
				harvest("https://a", nc(1, "Gemensam IT-drift", gn, []string{"X-IT", "X-DIGI"}, "0331", "2180", "0380")),
				harvest("https://b", nc(9, "IT-nämnden", gn, []string{"X-IT"}, "0380", "0331", "2180")),
			},
			[]string{"a#1 (participants): a#1 b#9"},
		},
		{
			"same municipalities in different areas are different collaborations",
			[]*Harvest{
				harvest("https://a", nc(1, "Gemensam nämnd", gn, []string{"X-IT"}, "0331", "2180")),
				harvest("https://b", nc(2, "Gemensam nämnd", gn, []string{"870"}, "0331", "2180")),
			},
			[]string{"a#1 (single): a#1", "b#2 (single): b#2"},
		},
		{
			"a different legal form is a different collaboration",
			[]*Harvest{
				harvest("https://a", nc(1, "Lönecentrum", gn, []string{"X-LON"}, "0331", "2180")),
				harvest("https://b", nc(2, "Lönecentrum", agr, []string{"X-LON"}, "0331", "2180")),
			},
			[]string{"a#1 (single): a#1", "b#2 (single): b#2"},
		},
		{
			"one more municipality is a different collaboration",
			[]*Harvest{
				harvest("https://a", nc(1, "Lönecentrum", gn, []string{"X-LON"}, "0331", "2180")),
				harvest("https://b", nc(2, "Lönecentrum", gn, []string{"X-LON"}, "0331", "2180", "0380")),
			},
			[]string{"a#1 (single): a#1", "b#2 (single): b#2"},
		},
		{
			"a record without organisation number joins the one with it",
			[]*Harvest{
				harvest("https://a", nc(3, "Avfall i Gästrikland", fed, []string{"870"}, "0331", "2180")),
				harvest("https://b", withOrg(nc(4, "Gästrike återvinnare", fed, []string{"870", "X-IT"}, "2180", "0331"), "222000-3333")),
			},
			[]string{"org:222000-3333 (participants): a#3 b#4"},
		},
		{
			"one instance's records never merge with each other; the title breaks the tie",
			[]*Harvest{
				harvest("https://a",
					nc(1, "IT-drift", agr, []string{"X-IT"}, "0331", "2180"),
					nc(2, "IT-säkerhet och drift av nätverk", agr, []string{"X-IT", "X-DIGI"}, "0331", "2180")),
				harvest("https://b", nc(7, "Gemensam IT-säkerhet", agr, []string{"X-IT"}, "0331", "2180")),
			},
			[]string{"a#1 (single): a#1", "a#2 (participants): a#2 b#7"},
		},
		{
			"without areas the titles must agree",
			[]*Harvest{
				harvest("https://a", nc(1, "Samverkan kring upphandling", agr, nil, "0331", "2180"), nc(2, "Krisberedskap", agr, nil, "0331", "2180", "0380")),
				harvest("https://b", nc(5, "Upphandlingssamverkan", agr, nil, "0331", "2180"), nc(6, "Krisberedskap", agr, []string{"275"}, "0331", "2180", "0380")),
			},
			[]string{"a#1 (single): a#1", "a#2 (participants): a#2 b#6", "b#5 (single): b#5"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := grouping(National(tc.hs))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			// The same harvests in reverse order give the same records.
			rev := append([]*Harvest(nil), tc.hs...)
			for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
				rev[i], rev[j] = rev[j], rev[i]
			}
			for _, h := range rev {
				cs := h.Dataset.Collaborations
				for i, j := 0, len(cs)-1; i < j; i, j = i+1, j-1 {
					cs[i], cs[j] = cs[j], cs[i]
				}
			}
			if again := grouping(National(rev)); !reflect.DeepEqual(again, got) {
				t.Errorf("another order gave %q", again)
			}
		})
	}
}

func TestNationalRepresentativeAndRepeatedHarvest(t *testing.T) {
	old := nc(1, "Gamla namnet", gn, []string{"X-IT"}, "0331", "2180")
	newer := nc(2, "Nya namnet", gn, []string{"X-IT"}, "0331", "2180")
	newer.Updated = old.Updated.Add(time.Hour)
	stale := harvest("https://a", nc(1, "Inaktuell", gn, []string{"870"}, "0331"))
	stale.Fetched = stale.Fetched.Add(-24 * time.Hour)
	rs := National([]*Harvest{harvest("https://a", old), stale, harvest("https://b", newer)})
	if len(rs) != 1 {
		t.Fatalf("got %q; the older harvest of a should not count", grouping(rs))
	}
	if rs[0].Collaboration.Title != "Nya namnet" {
		t.Errorf("representative = %q, want the most recently updated record", rs[0].Collaboration.Title)
	}
	if s := rs[0].Sources[0]; s.Publisher != "a" || s.Title != "Gamla namnet" || s.Fetched.IsZero() {
		t.Errorf("source = %+v", s)
	}
}

func TestTitleSimilarity(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"IT-drift", "it drift", 1},
		{"Samverkan för IT och drift", "Drift IT samverkan", 1},
		{"Räddningstjänst", "Raddningstjanst", 0}, // å, ä and ö are letters of their own
		{"Gemensam IT-säkerhet", "IT-säkerhet och drift av nätverk", 0.4},
		{"", "", 0},
	} {
		if got := TitleSimilarity(tc.a, tc.b); got != tc.want {
			t.Errorf("TitleSimilarity(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
