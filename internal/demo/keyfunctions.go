package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/samverkan/samverkan"
)

// Key functions in the demo are invented examples (the sources give no
// municipality's staffing), kept in data/key_functions.json and marked as
// examples on every entry, so the vulnerability map has something to show.

//go:embed data/key_functions.json
var keyFunctionsJSON []byte

type keyFunctionData struct {
	About     string `json:"_about"`
	Registers []struct {
		Municipality string                       `json:"municipality"`
		Entries      []samverkan.KeyFunctionEntry `json:"entries"`
	} `json:"registers"`
}

// buildKeyFunctions reads the data file and resolves municipality names.
func buildKeyFunctions(cat *samverkan.Catalog) ([]*samverkan.MunicipalityKeyFunctions, error) {
	var d keyFunctionData
	dec := json.NewDecoder(bytes.NewReader(keyFunctionsJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("demo: key_functions.json: %w", err)
	}
	var out []*samverkan.MunicipalityKeyFunctions
	for _, r := range d.Registers {
		m, ok := cat.LookupMunicipality(r.Municipality)
		if !ok {
			return nil, fmt.Errorf("demo: key_functions.json: unknown municipality %q", r.Municipality)
		}
		k := &samverkan.MunicipalityKeyFunctions{Municipality: m.Code, Entries: r.Entries}
		for i := range k.Entries {
			k.Entries[i].Example = true
		}
		out = append(out, k)
	}
	return out, nil
}

// loadKeyFunctions saves the example registers when the store keeps them.
func loadKeyFunctions(ctx context.Context, s samverkan.Store, regs []*samverkan.MunicipalityKeyFunctions) error {
	ks, ok := s.(samverkan.KeyFunctionStore)
	if !ok {
		return nil
	}
	for _, k := range regs {
		if err := ks.SaveKeyFunctions(ctx, k); err != nil {
			return fmt.Errorf("demo: key functions of %s: %w", k.Municipality, err)
		}
	}
	return nil
}
