package samverkan

// AmountTotal is a sum of amounts some of which nobody entered. An unknown
// amount is unknown, not zero, so a total carries how many amounts it
// covers: "1 200 000 kr (3 av 5 samverkan har uppgift)", and it is unknown
// itself when it covers none.
type AmountTotal struct {
	Sum   int64 // of the known amounts, saturating like AddAmounts
	Known int   // how many amounts were known
	Of    int   // how many records the total is over
}

// TotalOf is the total of Of records, known of them summing to sum (nil
// when none is known).
func TotalOf(sum *int64, known, of int) AmountTotal {
	t := AmountTotal{Known: known, Of: of}
	if sum != nil {
		t.Sum = *sum
	}
	return t
}

// Add counts one more record, with its amount or nil when unknown.
func (t *AmountTotal) Add(amount *int64) {
	t.Of++
	if amount != nil {
		t.Known++
		t.Sum = AddAmounts(t.Sum, *amount)
	}
}

// Merge adds the records of u.
func (t *AmountTotal) Merge(u AmountTotal) {
	t.Of += u.Of
	t.Known += u.Known
	t.Sum = AddAmounts(t.Sum, u.Sum)
}

// Value is the sum, or nil when no amount is known: then the total is
// unknown, not 0.
func (t AmountTotal) Value() *int64 {
	if t.Known == 0 {
		return nil
	}
	v := t.Sum
	return &v
}

// Complete reports whether every record had an amount.
func (t AmountTotal) Complete() bool { return t.Known == t.Of }
