package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The records of a network's own life (risk.go, meeting.go, workgroup.go,
// advocacy.go) are answered alike: a list and a create under their owner
// (a network, or for risks also a collaboration), and each record under
// the same owner with GET, PUT, DELETE, its history and a restore. A
// record named under another owner than its own is not found there, so
// the owner's rule (updateNetwork, editCollaboration) is the rule of every
// write. itemAPI holds what differs per kind; its methods are the
// handlers.
type itemAPI[T any] struct {
	s        *Server
	entity   string // audit entity
	notFound string // message when the record is not found
	idParam  string // the path value of the record's id
	// base is the path of the owner's list, from the request.
	base func(r *http.Request) string
	// owner checks that the owner the path names exists.
	owner func(ctx context.Context, r *http.Request) error
	// list reads the owner's records.
	list func(ctx context.Context, r *http.Request) ([]T, error)
	// byID reads one record; belongs reports whether it is the path
	// owner's.
	byID    func(ctx context.Context, id int64) (*T, error)
	belongs func(r *http.Request, v *T) bool
	// claim gives a submitted record its owner from the path, refusing a
	// body that names another (422).
	claim func(r *http.Request, v *T) error
	// id reads a record's id and setID sets it; version points at its
	// version.
	id      func(v *T) int64
	setID   func(v *T, id int64)
	version func(v *T) *int
	create  func(ctx context.Context, v *T) error
	update  func(ctx context.Context, v *T) error
	remove  func(ctx context.Context, id int64, version int) error
	restore func(ctx context.Context, id, auditID int64, version int) error
}

// storeAs returns the API's store as the interface I of a record kind.
func storeAs[I any](s *Server) (I, error) {
	st, ok := s.store.(I)
	if !ok {
		var zero I
		return zero, samverkan.Errorf(samverkan.EINTERNAL, "the store keeps no such records")
	}
	return st, nil
}

// itemID reads the record's id from the path; anything else is not found.
func (a itemAPI[T]) itemID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(a.idParam), 10, 64)
	if err != nil || id < 1 {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "%s", a.notFound)
	}
	return id, nil
}

// load reads the path's record, which must belong to the path's owner.
func (a itemAPI[T]) load(ctx context.Context, r *http.Request) (*T, error) {
	id, err := a.itemID(r)
	if err != nil {
		return nil, err
	}
	v, err := a.byID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.belongs(r, v) {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "%s", a.notFound)
	}
	return v, nil
}

// record is the path's record as the write helpers (write.go) see it.
func (a itemAPI[T]) record(r *http.Request, id int64) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			v, err := a.byID(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			if !a.belongs(r, v) {
				return nil, 0, samverkan.Errorf(samverkan.ENOTFOUND, "%s", a.notFound)
			}
			return v, *a.version(v), nil
		},
		path: a.base(r) + "/" + strconv.FormatInt(id, 10),
	}
}

func (a itemAPI[T]) handleList(w http.ResponseWriter, r *http.Request) {
	if a.s.listNotModified(w, r) {
		return
	}
	items, err := a.list(r.Context(), r)
	if err != nil {
		w.Header().Del("ETag")
		a.s.Error(w, r, err)
		return
	}
	a.s.respond(w, r, http.StatusOK, newList(items, len(items), nil))
}

func (a itemAPI[T]) handleCreate(w http.ResponseWriter, r *http.Request) {
	if err := a.owner(r.Context(), r); err != nil {
		a.s.Error(w, r, err)
		return
	}
	var v T
	if err := decode(w, r, &v); err != nil {
		a.s.Error(w, r, err)
		return
	}
	if err := a.claim(r, &v); err != nil {
		a.s.Error(w, r, err)
		return
	}
	*a.version(&v) = 0
	if err := a.create(writeContext(r), &v); err != nil {
		a.s.Error(w, r, err)
		return
	}
	a.s.send(w, r, http.StatusCreated, a.record(r, a.id(&v)))
}

func (a itemAPI[T]) handleGet(w http.ResponseWriter, r *http.Request) {
	id, err := a.itemID(r)
	if err != nil {
		a.s.Error(w, r, err)
		return
	}
	a.s.get(w, r, a.record(r, id))
}

func (a itemAPI[T]) handleUpdate(w http.ResponseWriter, r *http.Request) {
	cur, err := a.load(r.Context(), r)
	if err != nil {
		a.s.Error(w, r, err)
		return
	}
	id := a.id(cur)
	var v T
	a.s.versionedWrite(w, r, a.record(r, id), &v, a.version(&v), func(ctx context.Context, version int) error {
		if got := a.id(&v); got != 0 && got != id {
			return mismatch("id", "id_mismatch")
		}
		if err := a.claim(r, &v); err != nil {
			return err
		}
		a.setID(&v, id)
		*a.version(&v) = version
		return a.update(ctx, &v)
	})
}

func (a itemAPI[T]) handleDelete(w http.ResponseWriter, r *http.Request) {
	cur, err := a.load(r.Context(), r)
	if err != nil {
		a.s.Error(w, r, err)
		return
	}
	id := a.id(cur)
	a.s.versionedDelete(w, r, a.record(r, id), func(ctx context.Context, version int) error {
		return a.remove(ctx, id, version)
	})
}

// handleHistory lists the record's audit events. The history outlives a
// deleted record: then the last version it recorded says whose it was.
func (a itemAPI[T]) handleHistory(w http.ResponseWriter, r *http.Request) {
	id, err := a.itemID(r)
	if err != nil {
		a.s.Error(w, r, err)
		return
	}
	if a.s.listNotModified(w, r) {
		return
	}
	es, err := a.s.store.AuditEvents(r.Context(), a.entity, strconv.FormatInt(id, 10))
	if err == nil && !a.historyBelongs(r, es) {
		err = samverkan.Errorf(samverkan.ENOTFOUND, "%s", a.notFound)
	}
	if err != nil {
		w.Header().Del("ETag")
		a.s.Error(w, r, err)
		return
	}
	a.s.respond(w, r, http.StatusOK, newList(es, len(es), nil))
}

// historyBelongs reports whether the latest version in es is the path
// owner's (a record never moves to another owner).
func (a itemAPI[T]) historyBelongs(r *http.Request, es []samverkan.AuditEvent) bool {
	for i := len(es) - 1; i >= 0; i-- {
		for _, js := range []string{es[i].After, es[i].Before} {
			var v T
			if js != "" && json.Unmarshal([]byte(js), &v) == nil {
				return a.belongs(r, &v)
			}
		}
	}
	return false
}

func (a itemAPI[T]) handleRestore(w http.ResponseWriter, r *http.Request) {
	cur, err := a.load(r.Context(), r)
	if err != nil {
		a.s.Error(w, r, err)
		return
	}
	id := a.id(cur)
	auditID, err := strconv.ParseInt(r.PathValue("audit_id"), 10, 64)
	if err != nil || auditID < 1 {
		a.s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Ändringen finns inte."))
		return
	}
	version, err := deleteVersion(r)
	if err != nil {
		a.s.Error(w, r, err)
		return
	}
	a.s.commit(w, r, a.record(r, id), http.StatusOK, func(ctx context.Context) error {
		return a.restore(ctx, id, auditID, version)
	})
}

// networkOwner checks that the path's network exists.
func (s *Server) networkOwner(ctx context.Context, r *http.Request) error {
	_, err := s.store.NetworkBySlug(ctx, r.PathValue("slug"))
	return err
}

// claimNetwork gives a submitted record the path's network; a body that
// names another network is refused.
func claimNetwork(r *http.Request, network *string) error {
	slug := r.PathValue("slug")
	if *network != "" && *network != slug {
		return mismatch("network", "slug_mismatch")
	}
	*network = slug
	return nil
}

// networkBase is the path of a network's list of kind ("risks").
func networkBase(kind string) func(r *http.Request) string {
	return func(r *http.Request) string { return "/api/v1/networks/" + r.PathValue("slug") + "/" + kind }
}

// netRecordSpec documents the five routes of a record kind under base
// (e.g. "/api/v1/networks/{slug}/risks/{risk_id}"): what differs is the
// noun, the type and the error statuses of a write.
func netRecordSpec[T any](sp *spec, list, item, noun, plural, owner string) {
	writeErrs := []int{404, 413, 415, 422, 500}
	sp.op("GET "+list, opDoc{summary: "The " + owner + "'s " + plural, status: 200, result: listOf[T](), errors: readErrors})
	sp.op("POST "+list, opDoc{summary: "Create a " + noun,
		description: "The " + owner + " comes from the URL; a body naming another is refused (422).",
		body:        obj[T](), status: 201, result: obj[T](), errors: writeErrs})
	sp.op("GET "+item, opDoc{summary: "Get a " + noun, status: 200, result: obj[T](), errors: readErrors})
	sp.op("PUT "+item, opDoc{summary: "Replace a " + noun,
		description: "Needs the version read, in If-Match or the body's version; a stale version gets 412 with current_version. " +
			"The " + noun + " stays with its " + owner + ".",
		body: obj[T](), status: 200, result: obj[T](), errors: append(writeErrs, 412, 428)})
	sp.op("DELETE "+item, opDoc{summary: "Delete a " + noun,
		description: "Needs the version read, in If-Match or ?version=.",
		status:      204, errors: []int{400, 404, 412, 428, 500}})
	sp.op("GET "+item+"/history", opDoc{summary: "The " + noun + "'s audit history",
		description: "Every create, update, restore and delete, with the record before and after; it outlives a deleted " + noun + ".",
		status:      200, result: listOf[samverkan.AuditEvent](), errors: readErrors})
	sp.op("POST "+item+"/history/{audit_id}/restore", opDoc{summary: "Restore the " + noun + " as an audit event left it",
		description: "Writes back the record as it was after the event, through the same rules as PUT. " +
			`Needs the current version in If-Match ("3") or ?version=; a stale version gets 412. The restore is itself in the history, ` +
			`as action "restore" naming the event in restored_from. 404 when the event belongs to another record; 409 when it holds no whole version.`,
		status: 200, result: obj[T](), errors: []int{400, 404, 409, 412, 422, 428, 500}})
}
