package web

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
)

// Administration of users: the list, a new user (with a generated
// password shown once) and editing grants or disabling an account. Only
// admins come here (ruleAdmin); writes are version-checked and audited by
// the store.

// users returns the store's account part.
func (s *server) users() (samverkan.UserStore, error) {
	us, ok := s.store.(samverkan.UserStore)
	if !ok {
		return nil, errors.New("web: the store keeps no users")
	}
	return us, nil
}

type userListPage struct {
	Users        []*samverkan.User
	NetworkNames map[string]string // for the grants
}

func (s *server) handleUserList(w http.ResponseWriter, r *http.Request) {
	us, err := s.users()
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, err := us.Users(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	names, err := s.networkNames(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	flash := ""
	if r.URL.Query().Get("klart") == "sparad" {
		flash = tr(lang, "users.flash.saved")
	}
	s.render(w, r, http.StatusOK, "users", page{Title: tr(lang, "users.title"), Nav: "admin", Flash: flash,
		Data: userListPage{Users: list, NetworkNames: names}})
}

// grantRow is one row of the grants table in the user form.
type grantRow struct {
	Index        int
	Role         string
	Network      string
	Municipality string // as typed (a name or a code)
}

type userForm struct {
	New      bool
	ID       int64
	Version  string
	Email    string
	Disabled bool
	Grants   []grantRow
	Errors   formErrors
	Stale    bool
	Action   string
	Networks []networkRef
	Munis    []muniOption
	// Password is the generated password of a new user, shown once.
	Password string
}

// emptyGrantRows is how many blank grant rows the form offers.
const emptyGrantRows = 2

func (s *server) handleUserNew(w http.ResponseWriter, r *http.Request) {
	f := &userForm{New: true}
	s.renderUserForm(w, r, http.StatusOK, f)
}

func (s *server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeUserForm(r)
	f.New = true
	u, rows := s.userFromForm(f)
	password := auth.GeneratePassword()
	err := s.auth.CreateUser(r.Context(), u, password)
	if err == nil {
		f.ID, f.Password = u.ID, password
		w.Header().Set("Cache-Control", "no-store")
		lang := langOf(r)
		s.render(w, r, http.StatusCreated, "user_created", page{Title: tr(lang, "users.created.title"), Nav: "admin", Data: f})
		return
	}
	s.afterUserSave(w, r, f, rows, err)
}

func (s *server) handleUserEdit(w http.ResponseWriter, r *http.Request) {
	u, err := s.userByPath(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderUserForm(w, r, http.StatusOK, s.formFromUser(u))
}

func (s *server) handleUserUpdate(w http.ResponseWriter, r *http.Request) {
	cur, err := s.userByPath(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeUserForm(r)
	f.ID = cur.ID
	u, rows := s.userFromForm(f)
	u.ID = cur.ID
	u.Version, _ = strconv.Atoi(f.Version) // a missing version is never current
	us, err := s.users()
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err = u.Validate(s.cat); err == nil {
		err = us.UpdateUser(r.Context(), u)
	}
	if err == nil {
		http.Redirect(w, r, "/admin/anvandare?klart=sparad", http.StatusSeeOther)
		return
	}
	s.afterUserSave(w, r, f, rows, err)
}

func (s *server) userByPath(r *http.Request) (*samverkan.User, error) {
	id, err := strconv.ParseInt(r.PathValue("userID"), 10, 64)
	if err != nil || id < 1 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Användaren finns inte.")
	}
	us, err := s.users()
	if err != nil {
		return nil, err
	}
	return us.UserByID(r.Context(), id)
}

var grantFieldRE = regexp.MustCompile(`^grants\[(\d+)\]\.(role|network|municipality)$`)

// afterUserSave shows the form again: 422 with the problems, 409 when
// someone else saved first or the e-mail is taken.
func (s *server) afterUserSave(w http.ResponseWriter, r *http.Request, f *userForm, rows []int, err error) {
	lang := langOf(r)
	switch samverkan.ErrorCode(err) {
	case samverkan.EINVALID, samverkan.ECONFLICT:
		for _, fe := range samverkan.FieldErrors(err) {
			id, label := "", ""
			switch {
			case fe.Field == "email":
				id, label = "u-email", tr(lang, "users.email")
			case fe.Field == "grants":
				id, label = "u-grant-0-role", tr(lang, "users.grants")
			default:
				if m := grantFieldRE.FindStringSubmatch(fe.Field); m != nil {
					i, _ := strconv.Atoi(m[1])
					if i < len(rows) {
						id = "u-grant-" + strconv.Itoa(rows[i]) + "-" + m[2]
						label = tr(lang, "users.grant.row", rows[i]+1)
					}
				}
			}
			f.Errors.add(id, label, fe.Message(lang))
		}
		f.Errors.orMessage(err)
		status := http.StatusUnprocessableEntity
		if samverkan.ErrorCode(err) == samverkan.ECONFLICT {
			status = http.StatusConflict
		}
		s.renderUserForm(w, r, status, f)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f.Stale = true
		s.renderUserForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func decodeUserForm(r *http.Request) *userForm {
	pf := r.PostForm
	f := &userForm{Email: strings.TrimSpace(pf.Get("email")), Version: pf.Get("version"), Disabled: pf.Get("disabled") != ""}
	for i := 0; i < 50; i++ {
		k := "grants." + strconv.Itoa(i) + "."
		if _, ok := pf[k+"role"]; !ok {
			break
		}
		f.Grants = append(f.Grants, grantRow{Index: i, Role: pf.Get(k + "role"),
			Network: strings.TrimSpace(pf.Get(k + "network")), Municipality: strings.TrimSpace(pf.Get(k + "municipality"))})
	}
	return f
}

// userFromForm builds the user; rows maps each grant to its form row.
func (s *server) userFromForm(f *userForm) (*samverkan.User, []int) {
	u := &samverkan.User{Email: f.Email, Disabled: f.Disabled}
	var rows []int
	for _, g := range f.Grants {
		if g.Role == "" && g.Network == "" && g.Municipality == "" {
			continue
		}
		gr := samverkan.Grant{Role: g.Role}
		switch g.Role {
		case samverkan.RoleCoordinator, samverkan.RoleReader:
			gr.Network = g.Network
		case samverkan.RoleEditor:
			gr.Municipality = s.muniCode(g.Municipality)
		}
		u.Grants = append(u.Grants, gr)
		rows = append(rows, g.Index)
	}
	return u, rows
}

func (s *server) formFromUser(u *samverkan.User) *userForm {
	f := &userForm{ID: u.ID, Version: strconv.Itoa(u.Version), Email: u.Email, Disabled: u.Disabled}
	for i, g := range u.Grants {
		row := grantRow{Index: i, Role: g.Role, Network: g.Network}
		if g.Municipality != "" {
			row.Municipality = s.cat.MunicipalityName(g.Municipality)
		}
		f.Grants = append(f.Grants, row)
	}
	return f
}

func (s *server) renderUserForm(w http.ResponseWriter, r *http.Request, status int, f *userForm) {
	nets, err := samverkan.NetworkHeads(r.Context(), s.store)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, n := range nets {
		f.Networks = append(f.Networks, networkRef{n.Slug, n.Name})
	}
	f.Munis = s.munis
	// Blank rows to add grants with; their indexes follow the filled ones.
	var keep []grantRow
	for _, g := range f.Grants {
		if g.Role != "" || g.Network != "" || g.Municipality != "" {
			g.Index = len(keep)
			keep = append(keep, g)
		}
	}
	// Error ids name the rows as submitted; renumbering would move them,
	// so keep the submitted rows as they are when there are errors.
	if !f.Errors.Any() {
		f.Grants = keep
	}
	for i := 0; i < emptyGrantRows; i++ {
		f.Grants = append(f.Grants, grantRow{Index: len(f.Grants)})
	}
	lang := langOf(r)
	title := tr(lang, "users.new.title")
	f.Action = "/admin/anvandare/ny"
	if !f.New {
		title = tr(lang, "users.edit.title", f.Email)
		f.Action = "/admin/anvandare/" + strconv.FormatInt(f.ID, 10)
	}
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "user_form", page{Title: title, Nav: "admin", Data: f})
}
