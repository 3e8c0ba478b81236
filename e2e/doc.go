// Package e2e holds the browser end-to-end tests: they build the samverkan
// binary, start it on a random loopback port with a fresh SQLite database
// and the demo data, and drive Debian's chromium through chromedp over the
// coordinator's journeys, with axe-core checking every main page for WCAG
// 2.1 A and AA violations.
//
// The tests need chromium (/usr/bin/chromium, or the path in
// SAMVERKAN_CHROMIUM); `make test` installs it when it is missing. Without
// it they fail, on purpose: a quality gate that skips itself checks nothing.
// Screenshots go to $SAMVERKAN_SCREENSHOTS, or e2e/screenshots.
package e2e
