package geo

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// ylGnBu is ColorBrewer's sequential YlGnBu scheme (Cynthia Brewer,
// colorbrewer2.org, Apache 2.0) by number of classes: light yellow to dark
// blue, safe for the common colour-vision deficiencies and in greyscale
// print, since lightness rises steadily from one class to the next.
var ylGnBu = [][]string{
	1: {"#41b6c4"},
	2: {"#a1dab4", "#225ea8"},
	3: {"#edf8b1", "#7fcdbb", "#2c7fb8"},
	4: {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
	5: {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
	6: {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"},
	7: {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
}

// MaxClasses is the most classes a Scale may have: more shades than this
// cannot be told apart on a map.
const MaxClasses = 7

// Scale sorts values into classes of a sequential colour ramp for a
// choropleth. Class i holds the values v with Bounds[i-1] < v ≤ Bounds[i];
// the first class has no lower and the last no upper bound, so there are
// len(Bounds)+1 classes.
type Scale struct {
	Bounds []float64 // ascending
	// Labels are the legend texts, one per class. Breaks and Quantiles
	// write them for whole numbers ("0", "1–2", "≥ 9"); a caller with
	// decimals should write its own, in the reader's language.
	Labels []string
}

// Breaks returns the scale with the given class bounds, for counts (whole
// numbers ≥ 0). It fails on bounds that do not ascend or give more than
// MaxClasses classes.
func Breaks(bounds ...float64) (Scale, error) {
	if len(bounds)+1 > MaxClasses {
		return Scale{}, fmt.Errorf("geo: %d classes, at most %d", len(bounds)+1, MaxClasses)
	}
	for i := 1; i < len(bounds); i++ {
		if !(bounds[i] > bounds[i-1]) {
			return Scale{}, fmt.Errorf("geo: class bounds %v do not ascend", bounds)
		}
	}
	s := Scale{Bounds: slices.Clone(bounds)}
	s.Labels = s.countLabels(0, math.Inf(1))
	return s, nil
}

// Quantiles returns a scale of at most k classes holding about equally many
// of values each. Equal values never straddle a bound, so with many ties
// (a lot of zeros) there are fewer classes.
func Quantiles(values []float64, k int) Scale {
	k = max(1, min(k, MaxClasses))
	v := slices.Clone(values)
	slices.Sort(v)
	if len(v) == 0 {
		return Scale{Labels: []string{"–"}}
	}
	var bounds []float64
	for i := 1; i < k; i++ {
		// nearest rank: the value below which i/k of the data lie
		b := v[max(0, int(math.Ceil(float64(i*len(v))/float64(k)))-1)]
		if b < v[len(v)-1] && (len(bounds) == 0 || b > bounds[len(bounds)-1]) {
			bounds = append(bounds, b)
		}
	}
	s := Scale{Bounds: bounds}
	s.Labels = s.countLabels(v[0], v[len(v)-1])
	return s
}

// Classes is the number of classes.
func (s Scale) Classes() int { return len(s.Bounds) + 1 }

// Class returns the class of v.
func (s Scale) Class(v float64) int {
	i, _ := slices.BinarySearch(s.Bounds, v)
	return i
}

// Colors returns the fill of each class.
func (s Scale) Colors() []string {
	return ylGnBu[min(s.Classes(), MaxClasses)]
}

// countLabels writes the class ranges for whole-number data between lo and
// hi; other data get "≤ b", "a–b" (a excluded) and "> b" labels.
func (s Scale) countLabels(lo, hi float64) []string {
	n := s.Classes()
	out := make([]string, n)
	whole := isWhole(lo) && (math.IsInf(hi, 1) || isWhole(hi))
	for _, b := range s.Bounds {
		whole = whole && isWhole(b)
	}
	for i := range n {
		from, to := lo, hi
		if i > 0 {
			from = s.Bounds[i-1]
			if whole {
				from++
			}
		}
		if i < n-1 {
			to = s.Bounds[i]
		}
		switch {
		case !whole && i == 0 && n > 1:
			out[i] = "≤ " + num(to)
		case !whole && i == n-1 && n > 1:
			out[i] = "> " + num(from)
		case from == to:
			out[i] = num(from)
		case math.IsInf(to, 1):
			out[i] = "≥ " + num(from)
		default:
			out[i] = num(from) + "–" + num(to)
		}
	}
	return out
}

func isWhole(f float64) bool { return f == math.Trunc(f) && !math.IsInf(f, 0) }

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
