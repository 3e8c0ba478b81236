package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Network administration: creating a network (admins) and changing one
// (its coordinator or an admin) — members with dates, the declaration of
// intent, purposes (with V6's six as a template to copy), coordination,
// host and chair per year and the rotation order — and the network's
// audit history with restore.

// networkForm is the network form as the user typed it.
type networkForm struct {
	New     bool
	Slug    string
	Version string
	Action  string
	Cancel  string

	Name, Description, Coordinator, Source string
	Public                                 bool
	Adopted, AdoptedBy, URL, Text          string

	Members  []netMemberRow
	Purposes []netPurposeRow
	Hosts    []netHostRow
	Rotation []string

	Errors formErrors
	Stale  bool
	// Template is the purpose template's source, for its button.
	Template string
	Munis    []muniOption
}

type netMemberRow struct{ Code, Joined, Left string }
type netPurposeRow struct{ Text, Dimension string }
type netHostRow struct{ Year, Code, Role, Note string }

// Empty rows the network form offers in each repeated group.
const (
	emptyNetMembers  = 2
	emptyNetPurposes = 2
	emptyNetHosts    = 2
)

func (s *server) networkFormFrom(n *samverkan.Network) *networkForm {
	f := &networkForm{Slug: n.Slug, Version: strconv.Itoa(n.Version), Name: n.Name, Description: n.Description,
		Coordinator: n.Coordinator, Source: n.Source, Public: n.Public, Adopted: n.Declaration.Adopted.String(),
		AdoptedBy: n.Declaration.AdoptedBy, URL: n.Declaration.URL, Text: n.Declaration.Text}
	for _, m := range n.Members {
		f.Members = append(f.Members, netMemberRow{Code: s.cat.MunicipalityName(m.Code), Joined: m.Joined.String(), Left: m.Left.String()})
	}
	for _, p := range n.Declaration.Purposes {
		f.Purposes = append(f.Purposes, netPurposeRow{p.Text, p.Dimension})
	}
	for _, h := range n.Hosts {
		f.Hosts = append(f.Hosts, netHostRow{strconv.Itoa(h.Year), s.cat.MunicipalityName(h.Code), h.Role, h.Note})
	}
	for _, c := range n.RotationOrder {
		f.Rotation = append(f.Rotation, s.cat.MunicipalityName(c))
	}
	return f
}

// addEmptyRows gives each repeated group room for new rows: at least
// the given number of empty rows at its end (more with "Fler rader").
func (f *networkForm) addEmptyRows() {
	f.Members = padRows(f.Members, emptyNetMembers, func(r netMemberRow) bool { return blank(r.Code, r.Joined, r.Left) })
	f.Purposes = padRows(f.Purposes, emptyNetPurposes, func(r netPurposeRow) bool { return blank(r.Text, r.Dimension) })
	f.Hosts = padRows(f.Hosts, emptyNetHosts, func(r netHostRow) bool { return blank(r.Year, r.Code, r.Note) })
	for len(f.Rotation) < len(f.Members) {
		f.Rotation = append(f.Rotation, "")
	}
}

// padRows adds empty rows until rows ends in n of them.
func padRows[T any](rows []T, n int, empty func(T) bool) []T {
	trailing := 0
	for i := len(rows) - 1; i >= 0 && empty(rows[i]); i-- {
		trailing++
	}
	for ; trailing < n; trailing++ {
		var zero T
		rows = append(rows, zero)
	}
	return rows
}

// rowIndex reads the row numbers a posted group uses ("m.3.code" → 3), in
// order; at most maxRows of them.
func rowIndex(v map[string][]string, prefix string) []int {
	seen := map[int]bool{}
	for k := range v {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(num); err == nil && i >= 0 && i < maxRows {
			seen[i] = true
		}
	}
	out := make([]int, 0, len(seen))
	for i := range seen {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}

func decodeNetworkForm(r *http.Request) *networkForm {
	v := r.PostForm
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := &networkForm{Slug: g("slug"), Version: g("version"), Name: g("name"), Description: g("description"),
		Coordinator: g("coordinator"), Source: g("source"), Public: g("public") != "",
		Adopted: g("adopted"), AdoptedBy: g("adopted_by"), URL: g("url"), Text: g("text")}
	for _, i := range rowIndex(v, "m") {
		p := fmt.Sprintf("m.%d.", i)
		f.Members = append(f.Members, netMemberRow{g(p + "code"), g(p + "joined"), g(p + "left")})
	}
	for _, i := range rowIndex(v, "pu") {
		p := fmt.Sprintf("pu.%d.", i)
		f.Purposes = append(f.Purposes, netPurposeRow{g(p + "text"), g(p + "dimension")})
	}
	for _, i := range rowIndex(v, "h") {
		p := fmt.Sprintf("h.%d.", i)
		f.Hosts = append(f.Hosts, netHostRow{g(p + "year"), g(p + "code"), g(p + "role"), g(p + "note")})
	}
	for _, i := range rowIndex(v, "rot") {
		f.Rotation = append(f.Rotation, g(fmt.Sprintf("rot.%d", i)))
	}
	return f
}

// formIndex maps a field path's list index in the record to the row of the
// form it came from: empty rows are left out of the record.
type formIndex map[string][]int

// build turns the form into a network. Empty rows are dropped; idx says
// which form row each kept row came from, so errors find their inputs.
// Text that cannot become a value is kept as typed for validation to name.
func (s *server) buildNetwork(f *networkForm) (*samverkan.Network, formIndex, []samverkan.FieldError) {
	n := &samverkan.Network{Slug: f.Slug, Name: f.Name, Description: f.Description, Coordinator: f.Coordinator,
		Source: f.Source, Public: f.Public}
	n.Version, _ = strconv.Atoi(f.Version)
	idx := formIndex{}
	n.Declaration = samverkan.Declaration{Adopted: samverkan.LenientDate(f.Adopted), AdoptedBy: f.AdoptedBy, URL: f.URL, Text: f.Text}
	for i, m := range f.Members {
		if blank(m.Code, m.Joined, m.Left) {
			continue
		}
		n.Members = append(n.Members, samverkan.NetworkMember{Code: s.muniCode(m.Code),
			Joined: samverkan.LenientDate(m.Joined), Left: samverkan.LenientDate(m.Left)})
		idx["members"] = append(idx["members"], i)
	}
	for i, p := range f.Purposes {
		if blank(p.Text, p.Dimension) {
			continue
		}
		n.Declaration.Purposes = append(n.Declaration.Purposes, samverkan.Purpose{Text: p.Text, Dimension: p.Dimension})
		idx["declaration.purposes"] = append(idx["declaration.purposes"], i)
	}
	var extra []samverkan.FieldError
	for i, h := range f.Hosts {
		if blank(h.Year, h.Code, h.Note) {
			continue
		}
		y, err := strconv.Atoi(h.Year)
		if err != nil {
			extra = append(extra, samverkan.FieldError{Field: fmt.Sprintf("hosts[%d].year", len(n.Hosts)), Code: "invalid_year"})
		}
		n.Hosts = append(n.Hosts, samverkan.HostYear{Year: y, Code: s.muniCode(h.Code), Role: h.Role, Note: h.Note})
		idx["hosts"] = append(idx["hosts"], i)
	}
	for i, c := range f.Rotation {
		if c == "" {
			continue
		}
		n.RotationOrder = append(n.RotationOrder, s.muniCode(c))
		idx["rotation_order"] = append(idx["rotation_order"], i)
	}
	return n, idx, extra
}

// fieldPathRE splits "members[2].code" into the list, the index and the
// rest.
var netFieldRE = regexp.MustCompile(`^([a-z_.]+)\[(\d+)\](?:\.(.+))?$`)

// networkFieldIDs names the input of each field of the network form.
var networkFieldIDs = map[string]string{
	"slug": "n-slug", "name": "n-name", "description": "n-description", "coordinator": "n-coordinator",
	"source": "n-source", "declaration.adopted": "n-adopted", "declaration.adopted_by": "n-adopted_by",
	"declaration.url": "n-url", "declaration.text": "n-text", "members": "medlemmar",
	"declaration.purposes": "syften", "hosts": "vardar", "rotation_order": "rotation",
}

// networkErrors places field errors on the form's inputs.
func (s *server) networkErrors(lang string, fes []samverkan.FieldError, idx formIndex) formErrors {
	var out formErrors
	for _, fe := range fes {
		id, label := networkFieldIDs[fe.Field], tr(lang, "netform.field."+fe.Field)
		if m := netFieldRE.FindStringSubmatch(fe.Field); m != nil {
			list, rest := m[1], m[3]
			i, _ := strconv.Atoi(m[2])
			if rows := idx[list]; i < len(rows) {
				i = rows[i]
			}
			prefix := map[string]string{"members": "n-m-", "declaration.purposes": "n-pu-", "hosts": "n-h-", "rotation_order": "n-rot-"}[list]
			id = fmt.Sprintf("%s%d", prefix, i)
			if rest != "" {
				id += "-" + rest
			}
			label = tr(lang, "form.row", tr(lang, "netform.field."+list), i+1)
		}
		if strings.HasPrefix(label, "netform.field.") {
			label = ""
		}
		out.add(id, label, fe.Message(lang))
	}
	return out
}

func (s *server) renderNetworkForm(w http.ResponseWriter, r *http.Request, status int, f *networkForm) {
	lang := langOf(r)
	title := tr(lang, "netform.title.new")
	if f.New {
		f.Action, f.Cancel = "/natverk/ny", "/"
	} else {
		f.Action, f.Cancel = "/natverk/"+f.Slug+"/redigera", "/natverk/"+f.Slug
		title = tr(lang, "netform.title.edit", f.Name)
	}
	f.Template = samverkan.PurposeTemplateSource
	f.Munis = s.munis
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "network_form", page{Title: title, Data: f})
}

func (s *server) handleNetworkNew(w http.ResponseWriter, r *http.Request) {
	f := &networkForm{New: true, Public: true}
	f.addEmptyRows()
	s.renderNetworkForm(w, r, http.StatusOK, f)
}

func (s *server) handleNetworkEdit(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := s.networkFormFrom(n)
	f.addEmptyRows()
	s.renderNetworkForm(w, r, http.StatusOK, f)
}

func (s *server) handleNetworkCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeNetworkForm(r)
	f.New = true
	s.saveNetwork(w, r, f, func(n *samverkan.Network) error {
		return s.store.CreateNetwork(writeCtx(r), n)
	})
}

func (s *server) handleNetworkUpdate(w http.ResponseWriter, r *http.Request) {
	cur, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeNetworkForm(r)
	f.Slug = cur.Slug // the slug names the network in links and its history; it stays
	s.saveNetwork(w, r, f, func(n *samverkan.Network) error {
		n.ID = cur.ID
		return s.store.UpdateNetwork(writeCtx(r), n)
	})
}

// saveNetwork copies the template into the form when asked, else validates
// and writes the network; bad input comes back with every value as typed.
func (s *server) saveNetwork(w http.ResponseWriter, r *http.Request, f *networkForm, write func(*samverkan.Network) error) {
	lang := langOf(r)
	if r.PostForm.Get("fler") != "" {
		f.Members = append(f.Members, netMemberRow{}, netMemberRow{})
		f.Purposes = append(f.Purposes, netPurposeRow{}, netPurposeRow{})
		f.Hosts = append(f.Hosts, netHostRow{}, netHostRow{})
		f.addEmptyRows()
		s.renderNetworkForm(w, r, http.StatusOK, f)
		return
	}
	if r.PostForm.Get("mall") != "" {
		var kept []netPurposeRow
		for _, p := range f.Purposes {
			if !blank(p.Text, p.Dimension) {
				kept = append(kept, p)
			}
		}
		for _, p := range samverkan.PurposeTemplate {
			if !slices.ContainsFunc(kept, func(k netPurposeRow) bool { return k.Text == p.Text }) {
				kept = append(kept, netPurposeRow{p.Text, p.Dimension})
			}
		}
		f.Purposes = kept
		f.addEmptyRows()
		s.renderNetworkForm(w, r, http.StatusOK, f)
		return
	}
	n, idx, extra := s.buildNetwork(f)
	n.Normalize()
	err := n.Validate(s.cat)
	if len(extra) > 0 {
		var all []samverkan.FieldError
		all = append(all, extra...)
		all = append(all, samverkan.FieldErrors(err)...)
		err = &samverkan.Error{Code: samverkan.EINVALID, Message: "Uppgifterna innehåller fel.", Fields: all}
	}
	if err == nil {
		err = write(n)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+n.Slug+"?klart=natverk", http.StatusSeeOther)
		return
	case samverkan.EINVALID:
		f.Errors = s.networkErrors(lang, samverkan.FieldErrors(err), idx)
		f.Errors.orMessage(err)
		f.addEmptyRows()
		s.renderNetworkForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE:
		f.Stale = true
		f.addEmptyRows()
		s.renderNetworkForm(w, r, http.StatusConflict, f)
	case samverkan.ECONFLICT:
		f.Errors.add("n-slug", tr(lang, "netform.field.slug"), samverkan.ErrorMessage(err))
		f.addEmptyRows()
		s.renderNetworkForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

// The network's history.

type networkHistoryPage struct {
	Slug, Name string
	Version    int
	Entries    []historyEntry
	Stale      bool
	Refusal    []string
}

func (s *server) handleNetworkHistory(w http.ResponseWriter, r *http.Request) {
	s.showNetworkHistory(w, r, http.StatusOK, &networkHistoryPage{})
}

func (s *server) showNetworkHistory(w http.ResponseWriter, r *http.Request, status int, d *networkHistoryPage) {
	ctx := r.Context()
	lang := langOf(r)
	n, err := s.store.NetworkBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	events, err := s.store.AuditEvents(ctx, samverkan.AuditEntityNetwork, n.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d.Slug, d.Name, d.Version = n.Slug, n.Name, n.Version
	current := -1
	for i, e := range events {
		if samverkan.RestoredNetwork(e) != nil {
			current = i
		}
	}
	may := samverkan.Authorize(principal(r), samverkan.ActionUpdate, samverkan.Resource{Networks: []string{n.Slug}})
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		en := historyEntry{ID: e.ID, At: e.At, Actor: e.Actor, Action: tr(lang, "hist.action."+e.Action),
			RestoredFrom: samverkan.RestoredFrom(e), Deleted: e.Action == samverkan.AuditDelete}
		if strings.HasPrefix(en.Action, "hist.action.") {
			en.Action = e.Action
		}
		if !en.Deleted {
			en.Changes = s.diffNetwork(e.Before, e.After, lang)
		}
		en.Current = i == current
		en.Restorable = i != current && samverkan.RestoredNetwork(e) != nil && may
		d.Entries = append(d.Entries, en)
	}
	s.render(w, r, status, "network_history", page{Title: tr(lang, "nethist.title", n.Name), Flash: steeringFlash(r), Data: d})
}

func (s *server) handleNetworkRestore(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	auditID, err := strconv.ParseInt(r.PathValue("auditID"), 10, 64)
	if err != nil || auditID < 1 {
		s.notFound(w, r)
		return
	}
	version, err := postedVersion(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ss, err := samverkan.Steering(s.store)
	if err != nil {
		s.error(w, r, err)
		return
	}
	_, err = ss.RestoreNetwork(writeCtx(r), slug, auditID, version)
	lang := langOf(r)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+slug+"/historik?klart=natverk-aterstallt", http.StatusSeeOther)
	case samverkan.ESTALE:
		s.showNetworkHistory(w, r, http.StatusConflict, &networkHistoryPage{Stale: true})
	case samverkan.EINVALID, samverkan.ECONFLICT:
		var msgs []string
		for _, fe := range samverkan.FieldErrors(err) {
			msgs = append(msgs, fe.Field+": "+fe.Message(lang))
		}
		if len(msgs) == 0 {
			msgs = []string{samverkan.ErrorMessage(err)}
		}
		st := http.StatusUnprocessableEntity
		if samverkan.ErrorCode(err) == samverkan.ECONFLICT {
			st = http.StatusConflict
		}
		s.showNetworkHistory(w, r, st, &networkHistoryPage{Refusal: msgs})
	default:
		s.error(w, r, err)
	}
}

// networkHistoryFields is the order a network's fields are listed in.
var networkHistoryFields = []string{"name", "description", "members", "declaration", "coordinator", "hosts",
	"rotation_order", "public", "source"}

// diffNetwork lists the fields that differ between two audit JSONs of a
// network, with readable values.
func (s *server) diffNetwork(before, after, lang string) []fieldChange {
	var b, a samverkan.Network
	bok := before != "" && jsonInto(before, &b) == nil
	aok := after != "" && jsonInto(after, &a) == nil
	if !aok {
		return nil
	}
	var out []fieldChange
	for _, k := range networkHistoryFields {
		var vb []string
		if bok {
			vb = s.networkField(k, &b, lang)
		}
		va := s.networkField(k, &a, lang)
		if slices.Equal(vb, va) {
			continue
		}
		out = append(out, fieldChange{Label: tr(lang, "netform.field."+k), Before: vb, After: va})
	}
	return out
}

func (s *server) networkField(key string, n *samverkan.Network, lang string) []string {
	one := func(v string) []string {
		if v == "" {
			return nil
		}
		return []string{v}
	}
	var out []string
	switch key {
	case "name":
		return one(n.Name)
	case "description":
		return one(readable(n.Description))
	case "coordinator":
		return one(n.Coordinator)
	case "source":
		return one(readable(n.Source))
	case "public":
		if n.Public {
			return one(tr(lang, "value.yes"))
		}
		return one(tr(lang, "value.no"))
	case "members":
		for _, m := range n.Members {
			line := s.cat.MunicipalityName(m.Code)
			if !m.Joined.IsZero() {
				line += " " + tr(lang, "hist.participant.joined", m.Joined.String())
			}
			if !m.Left.IsZero() {
				line += ", " + tr(lang, "hist.participant.left", m.Left.String())
			}
			out = append(out, line)
		}
	case "declaration":
		d := n.Declaration
		for _, v := range []string{d.Adopted.String(), d.AdoptedBy, readable(d.Text), d.URL} {
			if v != "" {
				out = append(out, v)
			}
		}
		for _, p := range d.Purposes {
			out = append(out, "• "+p.Text)
		}
	case "hosts":
		for _, h := range n.Hosts {
			out = append(out, strconv.Itoa(h.Year)+": "+s.cat.MunicipalityName(h.Code)+" ("+samverkan.HostRoles.Label(h.Role, lang)+")")
		}
	case "rotation_order":
		for _, c := range n.RotationOrder {
			out = append(out, s.cat.MunicipalityName(c))
		}
	}
	return out
}

// jsonInto decodes an audit JSON.
func jsonInto(js string, v any) error { return json.Unmarshal([]byte(js), v) }
