// The calculator: after HTMX swaps in the next step, move focus to its heading (keyboard and screen readers).
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var heading = event.target.querySelector && event.target.querySelector("#calc-heading");
    if (!heading) heading = document.getElementById("calc-heading");
    if (heading) heading.focus();
  });
})();
