// Draws the charts declared in the page as <canvas data-chart='{"labels":[…],"values":[…],"label":"…"}'>.
// The same figures are always in a table next to the chart; the chart is for people who would rather look.
document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
  var spec = JSON.parse(canvas.getAttribute('data-chart'));
  // eslint-disable-next-line no-undef
  new Chart(canvas, {
    type: 'bar',
    data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.values, backgroundColor: '#154273' }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, title: { display: true, text: spec.label } } } }
  });
});
