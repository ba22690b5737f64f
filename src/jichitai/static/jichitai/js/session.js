/*
 * The portal's time limit, announced (JIS X 8341-3 / WCAG 2.2.1 Timing Adjustable).
 *
 * - A half-filled form ([data-jt-draft-url]) is saved on the server as the resident types
 *   (portal.drafts), so nothing is lost when the session ends.
 * - Before the idle limit a dialog says when the session will end, with one button to stay
 *   signed in (a request renews the session); the button has focus.
 * - At the limit the form is saved once more, the session is ended on the server, and the
 *   dialog says what happened, with the way back: signing in again brings the form back.
 * Without this script the server still ends idle sessions, and the form is saved whenever it
 * is submitted.
 */
(function () {
  "use strict";

  var dialog = document.querySelector("[data-jt-session]");
  var form = document.querySelector("form[data-jt-draft-url]");
  var status = document.querySelector("[data-jt-draft-status]");
  var csrf = (JSON.parse(document.body.getAttribute("hx-headers") || "{}"))["X-CSRFToken"];
  var idleMs, warningMs, deadline, saveTimer = null;
  var warned = false, ending = false, ended = false, lastSaved = null;

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body || null,
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      credentials: "same-origin",
      redirect: "manual",
    });
  }

  function renewed() {
    if (ending) {
      return;
    }
    deadline = Date.now() + idleMs;
    if (warned) {
      warned = false;
      dialog.close();
    }
  }

  function saveDraft() {
    window.clearTimeout(saveTimer);
    var body = form && new URLSearchParams(new FormData(form));
    // A field losing focus fires "change" without a new value: nothing to save then.
    if (!form || ended || body.toString() === lastSaved) {
      return Promise.resolve();
    }
    return post(form.getAttribute("data-jt-draft-url"), body)
      .then(function (response) {
        if (response.status !== 200) {
          return;
        }
        lastSaved = body.toString();
        if (dialog) {
          renewed();
        }
        return response.json().then(function (saved) {
          if (status) {
            status.textContent = saved.message;
          }
        });
      })
      .catch(function () {});
  }

  function saveSoon() {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(saveDraft, 1500);
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function warn() {
    warned = true;
    var at = new Date(deadline);
    var time = dialog.querySelector("[data-jt-session-at]");
    time.textContent = time.getAttribute("data-jt-text")
      .replace("{time}", pad(at.getHours()) + ":" + pad(at.getMinutes()));
    dialog.showModal();
    dialog.querySelector("[data-jt-session-continue]").focus();
  }

  function show(panel) {
    dialog.querySelectorAll("[data-jt-session-panel]").forEach(function (each) {
      each.hidden = each.getAttribute("data-jt-session-panel") !== panel;
    });
    dialog.setAttribute("aria-labelledby", "session-" + panel + "-title");
    dialog.setAttribute("aria-describedby", "session-" + panel + "-text");
  }

  function end() {
    if (ending) {
      return;
    }
    ending = true;
    saveDraft().then(function () {
      ended = true;
      return post(
        dialog.getAttribute("data-jt-session-sign-out"),
        new URLSearchParams({ reason: "idle" })
      );
    }).catch(function () {}).then(function () {
      var link = dialog.querySelector("[data-jt-session-sign-in-link]");
      link.href = dialog.getAttribute("data-jt-session-sign-in") + "?expired=1&next=" +
        encodeURIComponent(window.location.pathname);
      show("expired");
      if (!dialog.open) {
        dialog.showModal();
      }
      link.focus();
    });
  }

  function tick() {
    if (ending) {
      return;
    }
    var left = deadline - Date.now();
    if (left <= 0) {
      end();
    } else if (left <= warningMs && !warned) {
      warn();
    }
  }

  if (form) {
    form.addEventListener("input", saveSoon);
    form.addEventListener("change", saveSoon);
  }
  if (!dialog) {
    return;
  }
  idleMs = Number(dialog.getAttribute("data-jt-session-seconds")) * 1000;
  warningMs = Number(dialog.getAttribute("data-jt-session-warning")) * 1000;
  deadline = Date.now() + idleMs;
  dialog.addEventListener("cancel", function (event) {
    // Escape is "stay signed in" before the limit; after it there is nothing to go back to.
    event.preventDefault();
    if (!ending) {
      dialog.querySelector("[data-jt-session-continue]").click();
    }
  });
  dialog.querySelector("[data-jt-session-continue]").addEventListener("click", function () {
    post(dialog.getAttribute("data-jt-session-extend")).then(function (response) {
      if (response.status === 204) {
        renewed();
      } else {
        end();
      }
    }).catch(function () {});
  });
  document.addEventListener("htmx:afterRequest", renewed);
  window.setInterval(tick, 1000);
})();
