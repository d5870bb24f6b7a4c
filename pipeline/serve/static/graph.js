// The document's neighbourhood in the citation graph, drawn by the vendored cytoscape.js.
"use strict";
(async function () {
  const box = document.getElementById("cy");
  const elements = await (await fetch(box.dataset.src)).json();
  const note = document.getElementById("graph-note");
  if (elements.nodes.length <= 1) {
    box.replaceChildren();
    const p = document.createElement("p");
    p.id = "graph-empty";
    p.textContent = "Chưa có liên kết: văn bản này chưa dẫn văn bản nào và chưa được văn bản nào trong kho dẫn tới.";
    box.appendChild(p);
    return;
  }
  if (elements.omitted) note.textContent = `Chỉ hiện ${elements.nodes.length - 1} văn bản liên quan nhiều nhất; còn ${elements.omitted} văn bản khác.`;
  const cy = cytoscape({
    container: box,
    elements: [...elements.nodes, ...elements.edges],
    layout: {name: "concentric", concentric: (n) => (n.data("me") ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 30},
    style: [
      {selector: "node", style: {"label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 160,
                                 "background-color": "#e4e4e7", "width": 18, "height": 18}},
      {selector: "node[?converted]", style: {"background-color": "#93c5fd"}},
      {selector: "node[?me]", style: {"background-color": "#1e3a8a", "width": 28, "height": 28, "font-weight": "bold"}},
      {selector: "edge", style: {"curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1.5,
                                 "line-color": "#a1a1aa", "target-arrow-color": "#a1a1aa", "label": "data(label)", "font-size": 8}},
    ],
  });
  cy.on("tap", "node", (e) => { const doc = e.target.data("doc"); if (doc) window.location = "/documents/" + doc; });
})();
