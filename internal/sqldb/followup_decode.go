package sqldb

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/samverkan/samverkan"
)

// decodeAssessments reads a follow-up's assessments column. It reads the
// form the store writes (an array of objects with the keys purpose, score
// and motivation, strings without escapes) directly, and hands anything
// else to encoding/json: decoding the assessments with encoding/json was
// most of the follow-up page's and the annual report's time at national
// scale, and the column is read for every follow-up of a network.
func decodeAssessments(b []byte) ([]samverkan.PurposeAssessment, error) {
	if as, ok := fastAssessments(b); ok {
		return as, nil
	}
	var as []samverkan.PurposeAssessment
	err := json.Unmarshal(b, &as)
	return as, err
}

// fastAssessments parses b when it is in the plain form; ok is false for
// anything else (escapes, other keys, null, negative or large numbers),
// which encoding/json then reads.
func fastAssessments(b []byte) (out []samverkan.PurposeAssessment, ok bool) {
	i := 0
	ws := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
			i++
		}
	}
	expect := func(c byte) bool {
		ws()
		if i < len(b) && b[i] == c {
			i++
			return true
		}
		return false
	}
	str := func() (string, bool) {
		if i >= len(b) || b[i] != '"' {
			return "", false
		}
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' || b[j] < 0x20 {
				return "", false
			}
			j++
		}
		if j >= len(b) || !utf8.Valid(b[i+1:j]) {
			return "", false
		}
		s := string(b[i+1 : j])
		i = j + 1
		return s, true
	}
	if !expect('[') {
		return nil, false
	}
	out = []samverkan.PurposeAssessment{}
	if expect(']') {
		ws()
		return out, i == len(b)
	}
	for {
		if !expect('{') {
			return nil, false
		}
		var a samverkan.PurposeAssessment
		for {
			ws()
			k, ok := str()
			if !ok || !expect(':') {
				return nil, false
			}
			ws()
			switch k {
			case "purpose":
				a.Purpose, ok = str()
			case "motivation":
				a.Motivation, ok = str()
			case "score":
				j, n := i, 0
				for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-j < 6 {
					n = n*10 + int(b[i]-'0')
					i++
				}
				a.Score, ok = n, i > j
			default:
				return nil, false
			}
			if !ok {
				return nil, false
			}
			if expect(',') {
				continue
			}
			if expect('}') {
				break
			}
			return nil, false
		}
		out = append(out, a)
		if expect(',') {
			continue
		}
		if expect(']') {
			ws()
			return out, i == len(b)
		}
		return nil, false
	}
}
