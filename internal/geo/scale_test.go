package geo

import (
	"slices"
	"testing"
)

func TestQuantiles(t *testing.T) {
	// 10 values, 5 classes: bounds at the 2nd, 4th, 6th and 8th value.
	s := Quantiles([]float64{9, 0, 1, 2, 3, 4, 5, 6, 7, 8}, 5)
	if want := []float64{1, 3, 5, 7}; !slices.Equal(s.Bounds, want) {
		t.Errorf("bounds %v, want %v", s.Bounds, want)
	}
	if want := []string{"0–1", "2–3", "4–5", "6–7", "8–9"}; !slices.Equal(s.Labels, want) {
		t.Errorf("labels %q, want %q", s.Labels, want)
	}
	for v, class := range map[float64]int{0: 0, 1: 0, 2: 1, 7: 3, 7.5: 4, 9: 4, 100: 4} {
		if got := s.Class(v); got != class {
			t.Errorf("Class(%v) = %d, want %d", v, got, class)
		}
	}
	if got := len(s.Colors()); got != 5 {
		t.Errorf("%d colours for 5 classes", got)
	}

	// Many zeros: ties never straddle a bound, so there are fewer classes.
	s = Quantiles([]float64{0, 0, 0, 0, 0, 0, 0, 1, 2, 10}, 5)
	if want := []float64{0, 1}; !slices.Equal(s.Bounds, want) {
		t.Errorf("bounds %v, want %v", s.Bounds, want)
	}
	if want := []string{"0", "1", "2–10"}; !slices.Equal(s.Labels, want) {
		t.Errorf("labels %q, want %q", s.Labels, want)
	}

	// All equal: one class.
	if s := Quantiles([]float64{3, 3, 3}, 5); s.Classes() != 1 || s.Labels[0] != "3" {
		t.Errorf("all equal: %+v", s)
	}
}

func TestBreaks(t *testing.T) {
	s, err := Breaks(0, 2, 5, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"0", "1–2", "3–5", "6–10", "≥ 11"}; !slices.Equal(s.Labels, want) {
		t.Errorf("labels %q, want %q", s.Labels, want)
	}
	s, err = Breaks(0.5, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"≤ 0.5", "0.5–1.5", "> 1.5"}; !slices.Equal(s.Labels, want) {
		t.Errorf("labels %q, want %q", s.Labels, want)
	}
	if _, err := Breaks(3, 2); err == nil {
		t.Error("descending bounds accepted")
	}
	if _, err := Breaks(1, 2, 3, 4, 5, 6, 7); err == nil {
		t.Error("8 classes accepted")
	}
}
