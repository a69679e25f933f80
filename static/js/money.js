/* Shows how a money input will be read, while typing (progressive enhancement).
   Mirrors core/money.py parse_amount; the server reads the amount again and is the authority. */
(function () {
  "use strict";
  var SPACES = /[\u00a0\u202f\u2009\u2007\t ]+/g;
  var MNOK = ["mill. kr", "mill.kr", "mill kr", "millioner", "mnok", "mill.", "mill"];
  var KR = ["kroner", "nok", "kr.", "kr"];

  function stripUnit(text, units) {
    var low = text.toLowerCase();
    for (var i = 0; i < units.length; i++) {
      var u = units[i];
      if (low.slice(-u.length) === u && (low.length === u.length || !/[a-zæøå]/.test(low.charAt(low.length - u.length - 1)))) {
        return [text.slice(0, -u.length).trim(), u];
      }
      if (low.slice(0, u.length) === u && (low.length === u.length || !/[a-zæøå]/.test(low.charAt(u.length)))) {
        return [text.slice(u.length).trim(), u];
      }
    }
    return [text, null];
  }

  function parse(raw, unit) {
    var text = raw.replace(SPACES, " ").trim();
    if (!text || /^[-\u2212\u2013]/.test(text)) { return null; }
    var millions = unit === "mnok";
    var r = stripUnit(text, MNOK);
    if (r[1]) { millions = true; } else { r = stripUnit(r[0], KR); if (r[1]) { millions = false; } }
    text = r[0];
    if (/,[-\u2013]$/.test(text)) {
      text = text.slice(0, -2).trim();
      if (/[.,]/.test(text)) { return null; }
    }
    var commas = (text.match(/,/g) || []).length, stops = (text.match(/\./g) || []).length;
    if ((commas && stops) || commas > 1 || stops > 1) { return null; }
    var whole = text, fraction = "";
    if (commas || stops) {
      var parts = text.split(commas ? "," : ".");
      whole = parts[0].trim(); fraction = parts[1].trim();
      if (!/^\d+$/.test(fraction)) { return null; }
      if (stops && fraction.length === 3 && whole) { return null; }
      whole = whole || "0";
    }
    if (!/^\d+$/.test(whole) && !/^\d{1,3}( \d{3})+$/.test(whole)) { return null; }
    if (fraction.length > (millions ? 6 : 2) || (!millions && fraction.length === 3)) { return null; }
    whole = whole.replace(/ /g, "");
    if (millions) {
      fraction = (fraction + "000000").slice(0, 6);
      whole = (whole + fraction).replace(/^0+(?=\d)/, "");
      fraction = "";
    }
    return { whole: whole, cents: (fraction + "00").slice(0, 2) };
  }

  function format(amount) {
    var grouped = amount.whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    return grouped + (amount.cents === "00" ? "" : "," + amount.cents) + "\u00a0kr";
  }

  function update(input) {
    var out = document.getElementById(input.id + "-echo");
    if (!out) { return; }
    if (!input.value.trim()) { out.textContent = ""; return; }
    var amount = parse(input.value, input.getAttribute("data-money"));
    out.textContent = amount ? out.getAttribute("data-read-as").replace("%(amount)s", format(amount))
                             : out.getAttribute("data-invalid");
  }

  document.addEventListener("input", function (event) {
    var t = event.target;
    if (t && t.matches && t.matches("input[data-money]")) { update(t); }
  });
})();
