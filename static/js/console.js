// dcconsole: small enhancements. Every page works without this file.
(function () {
  "use strict";

  // Drop-down menus in the top bar (region/project, user).
  function closeMenus(except) {
    document.querySelectorAll("[data-menu]").forEach(function (m) {
      if (m === except) return;
      var b = m.querySelector("[data-menu-button]");
      var p = m.querySelector("[data-menu-panel]");
      if (b && p) { b.setAttribute("aria-expanded", "false"); p.hidden = true; }
    });
  }
  document.querySelectorAll("[data-menu]").forEach(function (m) {
    var b = m.querySelector("[data-menu-button]");
    var p = m.querySelector("[data-menu-panel]");
    if (!b || !p) return;
    b.addEventListener("click", function (e) {
      e.preventDefault();
      var open = b.getAttribute("aria-expanded") === "true";
      closeMenus(m);
      b.setAttribute("aria-expanded", open ? "false" : "true");
      p.hidden = open;
      if (!open) {
        var first = p.querySelector("[aria-current=true], button, a");
        if (first) first.focus();
      }
    });
    m.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !p.hidden) { closeMenus(); b.focus(); }
    });
    // Tabbing out of an open menu closes it.
    m.addEventListener("focusout", function (e) {
      if (!p.hidden && e.relatedTarget && !m.contains(e.relatedTarget)) closeMenus();
    });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest("[data-menu]")) closeMenus();
  });

  // Expandable table rows.
  function wireExpanders(root) {
    root.querySelectorAll("[data-expander]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        var row = document.getElementById(b.getAttribute("aria-controls"));
        var open = b.getAttribute("aria-expanded") === "true";
        b.setAttribute("aria-expanded", open ? "false" : "true");
        if (row) row.hidden = open;
      });
    });
  }
  wireExpanders(document);

  // Bandwidth slider and number box kept in step.
  document.querySelectorAll("[data-bandwidth]").forEach(function (w) {
    var wrap = w.querySelector("[data-slider-wrap]");
    var slider = w.querySelector("[data-slider]");
    var box = w.querySelector("[data-snap]");
    if (!slider || !box) return;
    var steps = slider.dataset.steps.split(",").map(Number);
    wrap.hidden = false;
    function snap(v) {
      for (var i = 0; i < steps.length; i++) if (v <= steps[i]) return i;
      return steps.length - 1;
    }
    function show(i) {
      slider.value = String(i);
      slider.setAttribute("aria-valuetext", steps[i] + " Mbit/s");
    }
    slider.addEventListener("input", function () {
      box.value = String(steps[Number(slider.value)]);
      slider.setAttribute("aria-valuetext", box.value + " Mbit/s");
      box.dispatchEvent(new Event("bandwidth-change", { bubbles: true }));
    });
    box.addEventListener("change", function () {
      var v = Number(box.value);
      if (!box.value.trim() || !isFinite(v) || v < 1 || Math.floor(v) !== v) return; // the server explains
      var i = snap(v);
      box.value = String(steps[i]);
      show(i);
      box.dispatchEvent(new Event("bandwidth-change", { bubbles: true }));
    });
  });

  // An interface's bandwidth follows the chosen connection until typed over.
  document.querySelectorAll("select[data-default-bandwidth]").forEach(function (sel) {
    var bw = sel.form && sel.form.querySelector("#bandwidth");
    if (!bw) return;
    bw.addEventListener("input", function () { bw.dataset.touched = "1"; });
    sel.addEventListener("change", function () {
      var opt = sel.options[sel.selectedIndex];
      if (!bw.dataset.touched && opt && opt.dataset.free) bw.value = opt.dataset.free;
    });
  });

  // Character counters under text areas.
  document.querySelectorAll("textarea[data-counter]").forEach(function (t) {
    var c = document.getElementById(t.dataset.counter);
    var max = Number(t.dataset.max);
    function update() {
      var n = Array.from(t.value).length;
      c.textContent = n + "/" + max;
      c.classList.toggle("field-error", n > max);
    }
    t.addEventListener("input", update);
    update();
  });

  // One submit per form: a second click while the first is on its way does nothing.
  document.querySelectorAll("form[data-once]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (f.dataset.sent) { e.preventDefault(); return; }
      f.dataset.sent = "1";
    });
  });

  // Selects that apply at once (page size).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  // Visible countdown, then go to the link.
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var left = Number(el.dataset.countdown);
    var target = el.dataset.href;
    var out = el.querySelector("[data-seconds]");
    var timer = setInterval(function () {
      left -= 1;
      if (out) out.textContent = String(Math.max(left, 0));
      if (left <= 0) { clearInterval(timer); window.location.assign(target); }
    }, 1000);
  });

  // Lists refresh themselves while a resource is Creating or Updating.
  var live = document.querySelector("[data-auto-refresh]");
  if (live) {
    var tries = 0;
    var poll = function () {
      tries += 1;
      fetch(window.location.href, { headers: { "X-Requested-With": "refresh" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.querySelector("[data-live-region]");
          var old = document.querySelector("[data-live-region]");
          if (fresh && old) {
            old.replaceWith(fresh);
            wireExpanders(fresh);
          }
          if (doc.querySelector("[data-auto-refresh]") && tries < 120) setTimeout(poll, 2000);
        })
        .catch(function () { if (tries < 120) setTimeout(poll, 5000); });
    };
    setTimeout(poll, 2000);
  }

  // Print buttons (the credentials cards); without JavaScript the browser's
  // own Print does the same.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });

  // The class board updates itself every data-refresh-seconds until
  // paused (WCAG 2.2.2): the live part of the page is fetched again and
  // swapped in, unless the keyboard focus is inside it (then the next turn
  // tries again). Without JavaScript its Reload link does the same.
  var board = document.querySelector("[data-board-live]");
  if (board) {
    var every = Number(board.dataset.refreshSeconds || 10) * 1000;
    var pause = document.querySelector("[data-refresh-pause]");
    var paused = false;
    if (pause) {
      pause.hidden = false;
      pause.addEventListener("click", function () {
        paused = !paused;
        pause.setAttribute("aria-pressed", paused ? "true" : "false");
      });
    }
    var tick = function () {
      var cur = document.querySelector("[data-board-live]");
      if (paused || !cur || cur.contains(document.activeElement)) { setTimeout(tick, every); return; }
      fetch(window.location.href, { headers: { "X-Requested-With": "refresh" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-board-live]");
          var now = document.querySelector("[data-board-live]");
          if (fresh && now && !paused && !now.contains(document.activeElement)) {
            // Keep what the reader opened.
            var legend = now.querySelector("details"), fl = fresh.querySelector("details");
            if (legend && fl) fl.open = legend.open;
            now.replaceWith(fresh);
          }
          setTimeout(tick, every);
        })
        .catch(function () { setTimeout(tick, every * 3); });
    };
    setTimeout(tick, every);
  }

  // Confirmation and form dialogs: links marked data-dialog open the named
  // <dialog> instead of navigating; without JavaScript the link's page works.
  document.querySelectorAll("[data-dialog]").forEach(function (a) {
    var d = document.getElementById(a.dataset.dialog);
    if (!d || typeof d.showModal !== "function") return;
    a.addEventListener("click", function (e) {
      e.preventDefault();
      d.showModal(); // modal: the rest of the page is inert, Escape closes it
    });
    // Focus goes back to the link that opened the dialog.
    d.addEventListener("close", function () { a.focus(); });
  });
  document.querySelectorAll("dialog [data-close]").forEach(function (b) {
    b.addEventListener("click", function () { b.closest("dialog").close(); });
  });

  // A form that came back with errors: focus its first invalid field, whose
  // error the screen reader reads through aria-describedby (the summary above
  // is a role=alert and is announced by itself).
  var invalid = document.querySelector("main [aria-invalid=true]");
  if (invalid && !invalid.closest("dialog")) invalid.focus();

  // Refresh buttons beside a select (data-refresh-select = the select's id)
  // reload only its options from data-refresh-url, keeping the choice.
  // Without JavaScript the button submits the form to its formaction, which
  // shows the form again with the values kept and the list fresh.
  document.querySelectorAll("[data-refresh-select]").forEach(function (b) {
    var sel = document.getElementById(b.dataset.refreshSelect);
    if (!sel) return;
    b.type = "button"; // Enter in a field submits the form, not the refresh
    b.addEventListener("click", function () {
      fetch(b.dataset.refreshUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(sel.id);
          if (!fresh) return;
          var keep = sel.value;
          sel.innerHTML = fresh.innerHTML;
          Array.from(sel.options).forEach(function (o) {
            if (o.value === keep && !o.disabled) sel.value = keep;
          });
        });
    });
  });
})();
