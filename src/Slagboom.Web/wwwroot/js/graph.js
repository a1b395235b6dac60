// Draws the link graph of a page with cytoscape.js (vendored in /lib/cytoscape). The holder is
// <div data-graph-url="/api/v1/…/graph" hidden>; the same nodes and links are always in a table next to it, for
// keyboard and screen-reader users and for anyone without JavaScript. Clicking a node opens its page.
(function () {
  'use strict';

  function shorten(text) {
    return text.length > 32 ? text.slice(0, 31) + '…' : text;
  }

  function draw(holder, graph) {
    holder.hidden = false;
    var elements = graph.nodes.map(function (n) {
      return { data: { id: n.id, label: shorten(n.label), kind: n.kind, href: n.href || '', root: n.id === graph.root ? 'yes' : 'no' } };
    }).concat(graph.edges.map(function (e, i) {
      return { data: { id: 'edge-' + i, source: e.source, target: e.target } };
    }));
    // eslint-disable-next-line no-undef
    var cy = cytoscape({
      container: holder,
      elements: elements,
      layout: { name: graph.nodes.length > 1 ? 'cose' : 'grid', animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        { selector: 'node', style: { 'label': 'data(label)', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, 'color': '#1a1a1a', 'text-wrap': 'none' } },
        { selector: 'node[kind = "signal"]', style: { 'shape': 'round-rectangle', 'background-color': '#154273', 'width': 22, 'height': 22 } },
        { selector: 'node[kind = "observable"]', style: { 'shape': 'ellipse', 'background-color': '#e17000', 'width': 16, 'height': 16 } },
        { selector: 'node[root = "yes"]', style: { 'border-width': 4, 'border-color': '#1a1a1a', 'width': 28, 'height': 28 } },
        { selector: 'edge', style: { 'width': 1.5, 'line-color': '#8c8c8c', 'curve-style': 'straight' } }
      ]
    });
    cy.on('tap', 'node', function (event) {
      var href = event.target.data('href');
      if (href) {
        window.location.assign(href);
      }
    });
    cy.on('mouseover', 'node', function (event) {
      holder.style.cursor = event.target.data('href') ? 'pointer' : 'default';
    });
    cy.on('mouseout', 'node', function () {
      holder.style.cursor = 'default';
    });
    return cy;
  }

  function sheet() {
    // cytoscape injects a <style> unless an element with this id exists; our CSP refuses inline styles, so bring our own.
    if (!document.getElementById('__________cytoscape_stylesheet')) {
      var link = document.createElement('link');
      link.id = '__________cytoscape_stylesheet';
      link.rel = 'stylesheet';
      link.href = '/css/graph.css';
      document.head.appendChild(link);
    }
  }

  sheet();
  document.querySelectorAll('[data-graph-url]').forEach(function (holder) {
    var status = holder.nextElementSibling;
    fetch(holder.getAttribute('data-graph-url'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (graph) {
        // Kept on the element for the browser tests (they click a node where cytoscape drew it).
        holder.slagboomGraph = draw(holder, graph);
        holder.setAttribute('data-graph-ready', 'true');
      })
      .catch(function () {
        holder.hidden = true;
        if (status) {
          status.textContent = holder.getAttribute('data-graph-failed');
        }
      });
  });
})();
