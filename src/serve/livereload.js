// lumbar dev server: reloads the page when the site is rebuilt, swaps
// stylesheets in place when only CSS changed, keeps the scroll position
// across reloads, and shows build errors over the page until they are fixed.
(function () {
  "use strict";
  var me = document.currentScript;
  var generation = me ? me.getAttribute("data-generation") : null;
  var key = "lumbar-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, +saved); };
    restore();
    window.addEventListener("load", restore);
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function overlay(message) {
    var el = document.getElementById("lumbar-error-overlay");
    if (!el) {
      el = document.createElement("div");
      el.id = "lumbar-error-overlay";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,10,10,.92);color:#fff;" +
        "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
      document.documentElement.appendChild(el);
    }
    el.textContent = "lumbar: build failed\n\n" + message + "\n\nFix the file and save; this clears by itself.";
  }
  function clearOverlay() {
    var el = document.getElementById("lumbar-error-overlay");
    if (el) el.remove();
  }
  var source = new EventSource("/__lumbar/events");
  source.addEventListener("hello", function (e) {
    // A build finished between this page loading and the stream opening.
    if (generation !== null && e.data !== generation) reload();
  });
  source.addEventListener("reload", function (e) { generation = e.data; reload(); });
  source.addEventListener("css", function (e) {
    generation = e.data;
    clearOverlay();
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("lumbar", Date.now());
      links[i].href = url.toString();
    }
  });
  source.addEventListener("build-error", function (e) { overlay(JSON.parse(e.data)); });
  window.__lumbarLiveReload = source;
})();
