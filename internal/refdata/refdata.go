// Package refdata embeds Sweden's 290 municipalities, their boundaries,
// adjacency and SKR groups (data/README.md has sources and licences).
package refdata

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/samverkan/samverkan"
)

var (
	//go:embed data/municipalities.csv
	municipalitiesCSV []byte
	//go:embed data/skr_kommungrupp_2017.csv
	skrCSV []byte
	//go:embed data/adjacency.csv
	adjacencyCSV []byte
	// Boundaries is the GeoJSON FeatureCollection of municipal borders (WGS84).
	//go:embed data/municipalities.geojson
	Boundaries []byte
)

var (
	once  sync.Once
	munis []samverkan.Municipality
	adj   map[string][]string
	err   error
)

// Municipalities returns the 290 municipalities, sorted by code.
func Municipalities() ([]samverkan.Municipality, error) {
	once.Do(load)
	return munis, err
}

// Neighbours returns the codes of municipalities that share a border with
// code (boundary or point contact).
func Neighbours(code string) []string {
	once.Do(load)
	return adj[code]
}

// Catalog builds the reference catalogue with the given areas.
func Catalog(areas []samverkan.Area) (*samverkan.Catalog, error) {
	ms, err := Municipalities()
	if err != nil {
		return nil, err
	}
	return samverkan.NewCatalog(ms, areas), nil
}

// MustCatalog is Catalog with the default areas; it panics on broken embedded
// data, which a test catches before release.
func MustCatalog() *samverkan.Catalog {
	c, err := Catalog(samverkan.DefaultAreas)
	if err != nil {
		panic(err)
	}
	return c
}

func load() {
	munis, err = parseMunicipalities()
	if err != nil {
		return
	}
	adj, err = parseAdjacency()
}

func parseMunicipalities() ([]samverkan.Municipality, error) {
	groups := map[string][2]string{}
	if err := eachRow(skrCSV, 6, func(r []string) error {
		groups[r[0]] = [2]string{r[2], r[3]}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("skr groups: %w", err)
	}
	var out []samverkan.Municipality
	err := eachRow(municipalitiesCSV, 10, func(r []string) error {
		// official_name is the name in SCB's register ("Gislaveds
		// kommun"), the one formal documents use.
		m := samverkan.Municipality{Code: r[0], Name: r[1], CountyCode: r[2], CountyName: r[3], OfficialName: r[9]}
		if m.OfficialName == "" {
			return fmt.Errorf("%s: official name missing", m.Code)
		}
		var err error
		if m.Population, err = strconv.Atoi(r[4]); err != nil {
			return fmt.Errorf("%s population: %w", m.Code, err)
		}
		if m.PopulationYear, err = strconv.Atoi(r[5]); err != nil {
			return fmt.Errorf("%s population year: %w", m.Code, err)
		}
		if r[6] != "" {
			a, err := strconv.ParseFloat(r[6], 64)
			if err != nil {
				return fmt.Errorf("%s area: %w", m.Code, err)
			}
			m.AreaKm2 = &a
		}
		if m.Lat, err = strconv.ParseFloat(r[7], 64); err != nil {
			return fmt.Errorf("%s lat: %w", m.Code, err)
		}
		if m.Lon, err = strconv.ParseFloat(r[8], 64); err != nil {
			return fmt.Errorf("%s lon: %w", m.Code, err)
		}
		g := groups[m.Code]
		m.SKRGroup, m.SKRGroupName = g[0], g[1]
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("municipalities: %w", err)
	}
	return out, nil
}

func parseAdjacency() (map[string][]string, error) {
	out := map[string][]string{}
	err := eachRow(adjacencyCSV, 3, func(r []string) error {
		out[r[0]] = append(out[r[0]], r[1])
		out[r[1]] = append(out[r[1]], r[0])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("adjacency: %w", err)
	}
	return out, nil
}

// eachRow calls fn for each data row of a headed CSV with n columns.
func eachRow(data []byte, n int, fn func([]string) error) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = n
	if _, err := r.Read(); err != nil {
		return fmt.Errorf("header: %w", err)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}
