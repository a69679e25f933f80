/* Move roadmap items on the timeline (progressive enhancement).
 *
 * Without this script every bar is a link to its item, whose page has a "Move or resize"
 * form. With it, the bars the user may edit (a.g-movable) can be dragged (the bar to move
 * it, its right end to change the end) or moved with the keyboard (arrow keys: a week;
 * Shift+arrow: only the end; Enter: the consequences; Escape: cancel). Nothing is saved
 * here: the script opens the server's preview of the move, which lists what it pushes and
 * saves it with the version read when the page was drawn.
 */
(function () {
  "use strict";

  var svg = document.querySelector("#timeline svg.gantt[data-day-px]");
  var live = document.getElementById("timeline-live");
  var help = document.getElementById("timeline-edit-help");
  if (!svg || !live) return;
  var dayPx = parseFloat(svg.getAttribute("data-day-px"));
  var bars = svg.querySelectorAll("a.g-movable");
  if (!bars.length || !dayPx) return;
  if (help) help.hidden = false;

  var DAY = 86400000;
  var EDGE = 8; // px of the bar's right end that resize instead of move

  function parse(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }
  function show(ms) {
    var d = new Date(ms);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getUTCDate()) + "." + two(d.getUTCMonth() + 1) + "." + d.getUTCFullYear();
  }

  function state(a) {
    if (!a._move) a._move = { start: 0, end: 0 };
    return a._move;
  }

  function shape(a) {
    return a.querySelector("rect, polygon");
  }

  function draw(a) {
    var s = state(a);
    var el = shape(a);
    if (!el) return;
    if (el.tagName.toLowerCase() === "rect") {
      if (el._x === undefined) {
        el._x = parseFloat(el.getAttribute("x"));
        el._w = parseFloat(el.getAttribute("width"));
      }
      el.setAttribute("x", (el._x + s.start * dayPx).toFixed(1));
      el.setAttribute("width", Math.max(3, el._w + (s.end - s.start) * dayPx).toFixed(1));
    } else {
      el.setAttribute("transform", "translate(" + (s.start * dayPx).toFixed(1) + ",0)");
    }
    a.classList.toggle("is-pending", s.start !== 0 || s.end !== 0);
  }

  function announce(a) {
    var s = state(a);
    var start = parse(a.getAttribute("data-start")) + s.start * DAY;
    var end = parse(a.getAttribute("data-end")) + s.end * DAY;
    live.textContent = live.getAttribute("data-msg")
      .replace("%(name)s", a.getAttribute("data-name"))
      .replace("%(start)s", show(start))
      .replace("%(end)s", show(end))
      .replace("%(sdays)s", (s.start > 0 ? "+" : "") + s.start)
      .replace("%(edays)s", (s.end > 0 ? "+" : "") + s.end);
  }

  function reset(a) {
    a._move = { start: 0, end: 0 };
    draw(a);
  }

  function preview(a) {
    var s = state(a);
    var url = a.getAttribute("data-move-url") +
      "?start_days=" + s.start + "&end_days=" + s.end +
      "&version=" + encodeURIComponent(a.getAttribute("data-version"));
    window.location.assign(url);
  }

  function pending(a) {
    var s = state(a);
    return s.start !== 0 || s.end !== 0;
  }

  Array.prototype.forEach.call(bars, function (a) {
    var milestone = a.getAttribute("data-start") === a.getAttribute("data-end");

    a.addEventListener("keydown", function (event) {
      var s = state(a);
      var step = 0;
      if (event.key === "ArrowRight") step = 7;
      else if (event.key === "ArrowLeft") step = -7;
      if (step) {
        event.preventDefault();
        if (event.shiftKey && !milestone) {
          s.end += step;
          if (parse(a.getAttribute("data-end")) + s.end * DAY <
              parse(a.getAttribute("data-start")) + s.start * DAY) {
            s.end -= step;
          }
        } else {
          s.start += step;
          s.end += step;
        }
        draw(a);
        announce(a);
      } else if (event.key === "Enter" && pending(a)) {
        event.preventDefault();
        preview(a);
      } else if (event.key === "Escape" && pending(a)) {
        event.preventDefault();
        reset(a);
        live.textContent = live.getAttribute("data-msg-cancel");
      }
    });

    var drag = null;
    var dragged = false;
    var el = shape(a);
    if (!el) return;

    el.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      var box = el.getBoundingClientRect();
      var ctm = svg.getScreenCTM();
      drag = {
        x: event.clientX,
        scale: ctm ? ctm.a : 1,
        resize: !milestone && box.right - event.clientX <= EDGE,
        base: { start: state(a).start, end: state(a).end },
      };
      dragged = false;
      el.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    el.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var days = Math.round((event.clientX - drag.x) / drag.scale / dayPx);
      if (days !== 0) dragged = true;
      var s = state(a);
      if (drag.resize) {
        var span = (parse(a.getAttribute("data-end")) - parse(a.getAttribute("data-start"))) / DAY;
        s.end = Math.max(drag.base.end + days, drag.base.start - span);
      } else {
        s.start = drag.base.start + days;
        s.end = drag.base.end + days;
      }
      draw(a);
    });
    function finish(event) {
      if (!drag) return;
      drag = null;
      if (el.hasPointerCapture && el.hasPointerCapture(event.pointerId)) {
        el.releasePointerCapture(event.pointerId);
      }
      if (dragged && pending(a)) {
        announce(a);
        a.focus();
        preview(a);
      }
    }
    el.addEventListener("pointerup", finish);
    el.addEventListener("pointercancel", function (event) {
      drag = null;
      reset(a);
      finish(event);
    });
    a.addEventListener("click", function (event) {
      if (dragged) {
        event.preventDefault();
        dragged = false;
      }
    });
  });
})();
