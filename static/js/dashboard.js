/* The dashboards' charts and filters. Progressive enhancement: every figure is also in a table
   on the page, and the filters work as a plain GET form without this file.

   Each chart is a <canvas data-chart="ID"> whose data sit in <script type="application/json"
   id="ID"> (Django's json_script): no inline script, so the Content Security Policy stays
   script-src 'self'. Chart.js (static/vendor/chartjs, from npm) sizes the canvas through the
   CSSOM, which style-src 'self' allows. */
(function () {
  "use strict";

  var VALUE_COLOUR = "#14365d"; /* 11.9:1 on white */
  var TARGET_COLOUR = "#b35c00"; /* 4.9:1 on white */
  var language = (document.documentElement.lang || "es").slice(0, 2) === "en" ? "en" : "es-CO";
  var numbers = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  var charts = [];

  function format(value, unit) {
    if (value === null || value === undefined) {
      return "—";
    }
    return numbers.format(value) + (unit ? " " + unit : "");
  }

  function dataset(spec, item) {
    if (item.role === "target") {
      /* The target: a dashed line with diamond points, told apart from the value by its shape
         and its legend label, not by colour alone. */
      return {
        type: "line",
        label: item.label,
        data: item.data,
        borderColor: TARGET_COLOUR,
        backgroundColor: TARGET_COLOUR,
        borderDash: [6, 4],
        borderWidth: 2,
        pointStyle: "rectRot",
        pointRadius: 5,
        pointHoverRadius: 6,
        fill: false,
        spanGaps: true,
        order: 0
      };
    }
    return {
      type: spec.type,
      label: item.label,
      data: item.data,
      backgroundColor: VALUE_COLOUR,
      borderColor: VALUE_COLOUR,
      borderWidth: 1,
      pointStyle: "rect",
      order: 1
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    if (!spec.labels.length) {
      canvas.parentNode.hidden = true;
      return;
    }
    var horizontal = spec.indexAxis === "y";
    if (horizontal) {
      /* One bar per line of the table: the box grows with the number of bars. */
      canvas.parentNode.style.height = Math.max(160, spec.labels.length * 34 + 70) + "px";
    }
    var valueAxis = horizontal ? "x" : "y";
    var categoryAxis = horizontal ? "y" : "x";
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, ticks: { callback: function (v) { return format(v, spec.unit); } } };
    /* Long names are shortened on the axis only; the tooltip and the table keep them whole. */
    scales[categoryAxis] = {
      ticks: {
        callback: function (value) {
          var label = this.getLabelForValue(value);
          return label.length > 38 ? label.slice(0, 37) + "…" : label;
        }
      }
    };
    if (spec.max) {
      scales[valueAxis].suggestedMax = spec.max;
    }
    charts.push(new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets.map(function (item) { return dataset(spec, item); }) },
      options: {
        indexAxis: spec.indexAxis || "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              usePointStyle: true,
              color: "#212529",
              /* The value first, then the target, whatever order they are drawn in. */
              sort: function (a, b) { return a.datasetIndex - b.datasetIndex; }
            }
          },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + format(context.parsed[valueAxis], spec.unit);
              }
            }
          }
        }
      }
    }));
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return; /* the tables still carry every figure */
    }
    window.Chart.defaults.font.size = 13;
    window.Chart.defaults.color = "#212529";
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  /* «Tipo de periodo» changes the choices of «Periodo» without sending the form (WCAG 3.2.2:
     changing a setting does not change the page by itself). */
  function periodSelects() {
    document.querySelectorAll("select[data-period-options]").forEach(function (typeSelect) {
      var source = document.getElementById(typeSelect.getAttribute("data-period-options"));
      var periodSelect = document.getElementById(typeSelect.getAttribute("data-period-select"));
      if (!source || !periodSelect) {
        return;
      }
      var options = JSON.parse(source.textContent);
      typeSelect.addEventListener("change", function () {
        var choices = options[typeSelect.value] || [];
        periodSelect.replaceChildren();
        choices.forEach(function (choice, index) {
          var option = document.createElement("option");
          option.value = choice[0];
          option.textContent = choice[1];
          option.selected = index === choices.length - 1;
          periodSelect.appendChild(option);
        });
      });
    });
  }

  /* Printing: open the data tables folded in <details> and fit the charts to the paper. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
    charts.forEach(function (chart) { chart.resize(); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
    charts.forEach(function (chart) { chart.resize(); });
  });

  document.addEventListener("DOMContentLoaded", function () {
    periodSelects();
    drawAll();
  });
})();
