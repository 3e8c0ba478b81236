package web

import (
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan"
)

// pageSize is the number of collaborations per list page.
const pageSize = samverkan.DefaultLimit

// pageParam reads ?page=N; anything that is not a positive number is page 1.
func pageParam(q url.Values) int {
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 || n > 1_000_000 {
		return 1
	}
	return n
}

// pager is the page navigation below a list.
type pager struct {
	Page, Pages, Total int
	From, To           int // 1-based positions shown
	Prev, Next         string
	Links              []pageLink
}

type pageLink struct {
	N       int
	Href    string
	Current bool
	Gap     bool // an ellipsis before this link
}

// newPager builds links for the pages around cur; base holds the other
// query parameters, which every link keeps.
func newPager(path string, base url.Values, cur, total int) pager {
	p := pager{Page: cur, Total: total, Pages: (total + pageSize - 1) / pageSize}
	if p.Pages == 0 {
		p.Pages = 1
	}
	if total > 0 && cur <= p.Pages {
		p.From = (cur-1)*pageSize + 1
		p.To = min(cur*pageSize, total)
	}
	href := func(n int) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	if cur > 1 {
		p.Prev = href(min(cur-1, p.Pages))
	}
	if cur < p.Pages {
		p.Next = href(cur + 1)
	}
	if p.Pages == 1 {
		return p
	}
	last := 0
	for n := 1; n <= p.Pages; n++ {
		if n != 1 && n != p.Pages && (n < cur-2 || n > cur+2) {
			continue
		}
		p.Links = append(p.Links, pageLink{N: n, Href: href(n), Current: n == cur, Gap: last != 0 && n != last+1})
		last = n
	}
	return p
}
