package samverkan_test

import (
	"math"
	"testing"

	"github.com/samverkan/samverkan"
)

func TestAmountTotal(t *testing.T) {
	amt := func(n int64) *int64 { return &n }
	var tot samverkan.AmountTotal
	if tot.Value() != nil {
		t.Fatal("an empty total has a value")
	}
	tot.Add(nil)
	tot.Add(nil)
	if tot.Value() != nil || tot.Known != 0 || tot.Of != 2 {
		t.Fatalf("two unknown amounts = %+v, value %v; want unknown over 2", tot, tot.Value())
	}
	tot.Add(amt(0)) // an entered 0 is known
	if v := tot.Value(); v == nil || *v != 0 || tot.Known != 1 || tot.Complete() {
		t.Fatalf("with an entered 0 = %+v", tot)
	}
	tot.Add(amt(1200))
	var other samverkan.AmountTotal
	other.Add(amt(math.MaxInt64))
	tot.Merge(other)
	if v := tot.Value(); v == nil || *v != math.MaxInt64 || tot.Known != 3 || tot.Of != 5 {
		t.Fatalf("merged = %+v, want a saturated sum of 3 of 5", tot)
	}
	if got := samverkan.TotalOf(nil, 0, 3); got.Value() != nil || got.Of != 3 {
		t.Fatalf("TotalOf(nil) = %+v", got)
	}
	if got := samverkan.TotalOf(amt(5), 2, 2); !got.Complete() || *got.Value() != 5 {
		t.Fatalf("TotalOf(5, 2, 2) = %+v", got)
	}
}
