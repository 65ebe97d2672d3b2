// The page's consent runtime, inlined (with the request's CSP nonce) into <head> before any
// tracker tag. It acts on what the server decided, the JSON in #leadsgen-consent, and never
// decides anything itself:
// - Google Consent Mode v2: defines gtag and sends the 'default' from the server's state;
// - consent events: a `consent_update` dataLayer entry now, a `leadsgen:consent` event once
//   the document is parsed (so the site's own scripts can listen first);
// - LeadsGenConsent.apply(json), called by the consent island after a change: sends the
//   'update', publishes the new state, injects the newly allowed tags with the nonce, or
//   reloads when a category whose scripts already run was switched off (a loaded script
//   cannot be unloaded);
// - staying current: a page shown again from the back/forward cache, or a tab the visitor
//   comes back to, asks the server for the consent in force (/api/consent/state) and reloads
//   when it differs from what the page shows, so the banner, the switches, the consent ID,
//   Consent Mode and the tags are never those of an older decision.
(function (w, d) {
  "use strict";
  var nonce = d.currentScript.nonce;
  var RELOADED = "leadsgen:reloaded";
  var dataLayer = (w.dataLayer = w.dataLayer || []);
  w.gtag = w.gtag || function () { dataLayer.push(arguments); };
  var state = JSON.parse(d.getElementById("leadsgen-consent").textContent);
  // After a reload for revoked scripts, the notice shows from the first paint, in the flow of
  // the page (a class on <html>, which exists already): it shifts nothing later and covers
  // nothing.
  var reloaded = null;
  try {
    reloaded = w.sessionStorage.getItem(RELOADED);
    w.sessionStorage.removeItem(RELOADED);
  } catch (e) { /* storage off: no notice */ }
  if (reloaded) d.documentElement.classList.add("consent-reloaded");
  w.gtag("consent", "default", state.consentMode);
  dataLayer.push(entry(state.detail));

  function entry(detail) {
    return Object.assign({ event: "consent_update" }, detail);
  }
  function announce(detail) {
    w.dispatchEvent(new CustomEvent("leadsgen:consent", { detail: detail }));
  }
  function onPage(attribute) {
    var found = {};
    d.querySelectorAll("script[data-" + attribute + "]").forEach(function (s) {
      found[s.getAttribute("data-" + attribute)] = true;
    });
    return found;
  }
  function inject(tags) {
    var present = onPage("tracker");
    tags.forEach(function (t) {
      if (present[t.tracker]) return;
      var s = d.createElement("script");
      s.nonce = nonce;
      s.setAttribute("data-tracker", t.tracker);
      s.setAttribute("data-category", t.category);
      if (t.kind === "inline") {
        s.text = t.code;
      } else {
        s.src = t.src;
        s[t.loading] = true;
        if (t.data) s.setAttribute(t.data[0], t.data[1]);
      }
      d.head.appendChild(s);
    });
  }

  w.LeadsGenConsent = {
    // Applies the page state a consent change answered with.
    apply: function (json) {
      var next = JSON.parse(json);
      state = next;
      var running = onPage("category");
      w.gtag("consent", "update", next.consentMode);
      dataLayer.push(entry(next.detail));
      announce(next.detail);
      for (var category in running) {
        if (!next.detail.categories[category]) {
          try { w.sessionStorage.setItem(RELOADED, "1"); } catch (e) { /* no notice then */ }
          w.location.reload();
          return;
        }
      }
      inject(next.tags);
    },
  };

  var checking = false;
  function checkCurrent() {
    if (checking) return;
    checking = true;
    fetch("/api/consent/state", { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (now) {
        checking = false;
        if (now && JSON.stringify(now.detail) !== JSON.stringify(state.detail)) w.location.reload();
      })
      .catch(function () { checking = false; });
  }
  w.addEventListener("pageshow", function (e) { if (e.persisted) checkCurrent(); });
  d.addEventListener("visibilitychange", function () {
    if (d.visibilityState === "visible") checkCurrent();
  });
  w.addEventListener("focus", checkCurrent);

  function ready() {
    announce(state.detail);
    var notice = d.getElementById("consent-reloaded");
    if (!reloaded || !notice) return;
    // Focus goes to the notice, so it is read and nothing the visitor was on hides under it;
    // OK or Esc closes it and focus moves on to the content.
    function dismiss() {
      d.documentElement.classList.remove("consent-reloaded");
      d.removeEventListener("keydown", onKey);
      var main = d.getElementById("main");
      if (main) main.focus();
    }
    function onKey(e) {
      if (e.key === "Escape") dismiss();
    }
    notice.querySelector("button").addEventListener("click", dismiss);
    d.addEventListener("keydown", onKey);
    notice.focus();
  }
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", ready);
  else ready();
})(window, document);
