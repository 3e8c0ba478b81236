// Follows a background job's page live (/jobb/{id}): asks the server for
// the page again every second and puts its fresh facts in place, until
// the job has ended. The server renders everything; this only spares the
// reader a reload. Without JavaScript the page refreshes itself (a meta
// refresh inside <noscript>), so nothing here is needed to read it.
(function () {
  "use strict";
  var box = document.getElementById("job-live");
  if (!box || !box.hasAttribute("data-job-live") || !window.fetch || !window.DOMParser) {
    return;
  }
  function tick() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        if (!res.ok) {
          throw new Error(res.status);
        }
        return res.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("job-live");
        if (!fresh) {
          return;
        }
        box.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-job-live")) {
          window.setTimeout(tick, 1000);
          return;
        }
        box.removeAttribute("data-job-live");
        // The job has ended: the result is what the reader waited for.
        var link = box.querySelector("a[href]");
        if (link) {
          link.focus();
        }
      })
      .catch(function () {
        // A failed poll (the server restarting, a lost network): fall back
        // to what works without JavaScript.
        window.setTimeout(function () { window.location.reload(); }, 2000);
      });
  }
  window.setTimeout(tick, 1000);
})();
