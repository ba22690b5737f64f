// 呼出し案内: poll the board's state every 1.5 seconds, so a call shows within 2 seconds, and
// redraw the list; text only (textContent), never markup from the server.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;
  var calls = document.getElementById("board-calls");
  var waits = document.getElementById("board-waits");
  var time = document.getElementById("board-time");
  var last = "";
  var POLL_MS = 1500;

  function item(children) {
    var li = document.createElement("li");
    children.forEach(function (child) { li.appendChild(child); li.appendChild(document.createTextNode(" ")); });
    return li;
  }
  function span(cls, text) {
    var s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    return s;
  }
  function draw(state) {
    var key = JSON.stringify([state.calls, state.waits]);
    time.textContent = state.generated_at.slice(11, 19);
    time.setAttribute("datetime", state.generated_at);
    if (key === last) return; // aria-live announces only real changes
    last = key;
    calls.replaceChildren.apply(calls, state.calls.length ? state.calls.map(function (c) {
      return item([span("jt-board__number", c.label), span("jt-board__counter", c.counter)]);
    }) : [item([document.createTextNode(calls.dataset.empty)])]);
    waits.replaceChildren.apply(waits, state.waits.map(function (w) {
      return item([document.createTextNode(calls.dataset.waitFormat
        .replace("{service}", w.service).replace("{waiting}", w.waiting).replace("{minutes}", w.minutes))]);
    }));
  }
  function poll() {
    fetch(board.dataset.boardUrl, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) draw(state); })
      .catch(function () {})
      .then(function () { setTimeout(poll, POLL_MS); });
  }
  setTimeout(poll, POLL_MS);
})();
