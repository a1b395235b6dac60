// Draws the reporting figures declared as <canvas data-chart-series='{"labels":[…],"series":[{"label","values","color"}]}'>
// as grouped bars. The same figures are in the table next to the chart.
document.querySelectorAll('canvas[data-chart-series]').forEach(function (canvas) {
  var spec = JSON.parse(canvas.getAttribute('data-chart-series'));
  // eslint-disable-next-line no-undef
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.series.map(function (s) { return { label: s.label, data: s.values, backgroundColor: s.color }; })
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
});
