// yinren: page behaviour shared by every page. Loaded after htmx (both deferred, in order).
(function () {
  "use strict";
  if (window.htmx) {
    // Expected refusals (4xx) carry a message to show: swap them like a success; 5xx stays an error.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4..", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
  }
  // Charts: <div class="chart" data-option='{...ECharts option...}'>; drawn when ECharts is on the page.
  function drawCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll(".chart[data-option]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(el.dataset.option));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
})();
