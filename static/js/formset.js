/* "Add a budget row" without a round trip (progressive enhancement): clones the empty row
   from <template id="budget-empty-row"> and raises the formset's TOTAL_FORMS. Without
   JavaScript the form has empty rows already and gets new ones after saving. */
(function () {
  "use strict";
  var button = document.getElementById("budget-add-row");
  var template = document.getElementById("budget-empty-row");
  var total = document.getElementById("id_budget-TOTAL_FORMS");
  var body = document.querySelector("#budget-rows tbody");
  if (!button || !template || !total || !body) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__row__/g, String(index + 1));
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = body.lastElementChild && body.lastElementChild.querySelector("input, select");
    if (first) { first.focus(); }
  });
})();
