// segproof HTML report: the page script. Reads the report data (the JSON block #report-data), draws the
// topology with cytoscape (zones ⊃ segments ⊃ nodes), lists findings, the separation matrix, the
// exceptions and the checks, and highlights a finding's chain step by step. Every text from the data is
// set with textContent: nothing from the topology is ever parsed as markup.
/* global cytoscape */
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('report-data').textContent);

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key === 'onclick') node.addEventListener('click', value);
      else if (key.startsWith('data-')) node.dataset[key.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  /** Replaces a container's content, leaving out the parts a view does not have (null). */
  function show(container, ...parts) {
    container.replaceChildren(...parts.flat().filter((p) => p !== null && p !== undefined && p !== false));
  }

  function ruleItem(rule) {
    return el('li', {}, rule.text, rule.location ? el('span', { class: 'loc' }, ` ${rule.location}`) : null);
  }

  // ---- page skeleton --------------------------------------------------------------------------------
  const verdict = el('div', { class: `verdict ${data.verdict.ok ? 'ok' : 'bad'}` }, data.verdict.text);
  const header = el('header', {}, el('h1', {}, data.title), verdict, el('ul', { class: 'facts' }, data.facts.map((f) => el('li', {}, f))));
  const tabs = el('nav', { class: 'tabs' });
  const panel = el('section', { class: 'panel' });
  const graphBox = el('div', { id: 'graph' });
  const detail = el('section', { id: 'detail' }, el('p', { class: 'hint' }, data.labels.hint));
  const legend = el('div', { class: 'legend' });
  // Migrate: which state's network the graph shows.
  const stateTitle = el('div', { class: 'state-title' });
  document.body.append(header, el('main', {}, el('div', { class: 'side' }, tabs, panel), el('div', { class: data.views ? 'view with-state' : 'view' }, data.views ? stateTitle : null, graphBox, legend, detail)));

  // ---- graph ----------------------------------------------------------------------------------------
  const ZONE_COLOURS = {
    MN: '#f4c7c3', MN_GC: '#f8d9e8', JUKI: '#e1d5f0', LG: '#fde3bf', LGWAN: '#fff3b0', INET: '#cfe2f8',
    INTERNET: '#dedede', SECCLOUD: '#c9ece6', GOVCLOUD: '#d7ecc9', GOVNW: '#e6efc4', GSS: '#d4e9f0', SAAS: '#ececd8', TRANSIT: '#f2f2f2',
  };
  const KIND_SHAPES = {
    host: 'ellipse', router: 'diamond', firewall: 'octagon', 'dedicated-line': 'rhomboid', external: 'round-rectangle',
    'screen-transfer': 'hexagon', sanitiser: 'star', relay: 'triangle', proxy: 'vee', 'mail-relay': 'tag', 'zt-pep': 'pentagon',
  };
  const style = [
    { selector: 'node', style: { label: 'data(label)', 'font-size': 9, 'text-valign': 'bottom', 'text-margin-y': 2, 'text-wrap': 'wrap', 'min-zoomed-font-size': 4 } },
    { selector: '.zone', style: { 'text-valign': 'top', 'font-size': 14, 'font-weight': 'bold', 'border-width': 2, 'border-color': '#777', shape: 'round-rectangle', padding: 14 } },
    { selector: '.segment', style: { 'text-valign': 'top', 'font-size': 10, 'background-color': '#ffffff', 'background-opacity': 0.7, 'border-width': 1, 'border-style': 'dashed', 'border-color': '#888', shape: 'round-rectangle', padding: 8 } },
    { selector: '.node', style: { width: 18, height: 18, 'background-color': '#5a6b7d', 'border-width': 1, 'border-color': '#333' } },
    { selector: '.pool', style: { 'border-width': 3, 'border-style': 'double' } },
    { selector: '.device', style: { 'background-color': '#2b4f81', width: 22, height: 22 } },
    { selector: '.kind-firewall', style: { 'background-color': '#b5342b' } },
    { selector: '.kind-external', style: { 'background-color': '#8a8a8a', width: 26 } },
    { selector: '.gateway', style: { 'background-color': '#178a5b', width: 24, height: 24, 'border-width': 3, 'border-color': '#0b4d32' } },
    { selector: 'edge', style: { width: 1, 'line-color': '#9aa5b1', 'curve-style': 'bezier' } },
    { selector: '.link', style: { 'line-style': 'dotted' } },
    { selector: '.only-before', style: { opacity: 0.45, 'border-style': 'dashed' } },
    { selector: '.only-after', style: { 'border-color': '#0a7f2e', 'border-width': 3 } },
    { selector: '.on-path', style: { 'border-width': 4, 'border-color': '#d7191c', 'font-size': 16, 'font-weight': 'bold', 'z-index': 25 } },
    { selector: '.path', style: { width: 4, 'line-color': '#d7191c', 'target-arrow-color': '#d7191c', 'target-arrow-shape': 'triangle', label: 'data(label)', 'font-size': 11, 'font-weight': 'bold', color: '#d7191c', 'text-background-color': '#fff', 'text-background-opacity': 0.85, 'z-index': 20 } },
    { selector: '.path.current', style: { width: 7, 'line-color': '#ff8c00', 'target-arrow-color': '#ff8c00', color: '#b35f00', 'z-index': 30 } },
    { selector: '.faded', style: { opacity: 0.25 } },
    { selector: ':selected', style: { 'overlay-color': '#1f78b4', 'overlay-opacity': 0.2 } },
  ];
  for (const [cls, colour] of Object.entries(ZONE_COLOURS)) style.push({ selector: `.cls-${cls}`, style: { 'background-color': colour } });
  for (const [kind, shape] of Object.entries(KIND_SHAPES)) style.push({ selector: `.kind-${kind}`, style: { shape } });

  /** The elements of a graph in cytoscape's form. */
  function elementsOf(graph) {
    return graph.map((e) => ({ group: e.group, data: e.data, classes: e.classes, position: e.position }));
  }
  // Migrate: one graph per state (shared where states draw alike); the state shown first is the first failing one.
  let currentView = data.views ? data.initialView : -1;
  /** A migrate state's graph: its element indices resolved in the page's element pool. */
  const graphOfView = (index) => data.graphs[data.views[index].graph].map((i) => data.elements[i]);
  const firstGraph = data.views ? graphOfView(currentView) : data.graph;

  const layoutStart = performance.now();
  const cy = cytoscape({
    container: graphBox,
    elements: elementsOf(firstGraph),
    style,
    // Positions come with the data (a nested packing computed when the report was written).
    layout: { name: 'preset', fit: true, padding: 20 },
    textureOnViewport: firstGraph.length > 600,
    hideEdgesOnViewport: firstGraph.length > 600,
  });

  const layoutMs = Math.round(performance.now() - layoutStart);

  function drawLegend() {
    legend.replaceChildren();
    for (const [cls, colour] of Object.entries(ZONE_COLOURS)) {
      if (cy.$(`.cls-${cls}`).length === 0) continue;
      const swatch = el('span', { class: 'swatch' });
      swatch.style.backgroundColor = colour;
      legend.append(el('span', { class: 'key' }, swatch, cls));
    }
    legend.append(el('span', { class: 'key' }, data.labels.legend));
  }
  drawLegend();

  function showStateTitle() {
    if (!data.views) return;
    const v = data.views[currentView];
    show(stateTitle, el('span', { class: `state-mark ${v.ok ? 'ok' : 'bad'}` }, v.ok ? '✓' : '✗'), ' ', el('b', {}, v.name), ' — ', v.verdict);
  }
  showStateTitle();

  function showInfo(title, lines) {
    show(detail, el('h3', {}, title), el('ul', {}, lines.map((l) => el('li', {}, l))));
  }
  cy.on('tap', 'node, edge.link', (event) => {
    const d = event.target.data();
    showInfo(d.label ? String(d.label).split('\n')[0] : d.id, d.info || []);
  });

  // ---- migrate: drawing one state's network ---------------------------------------------------------
  let current = null;
  function drawView(index) {
    if (!data.views || index < 0 || index >= data.views.length) return;
    const graphBefore = data.views[currentView].graph;
    currentView = index;
    if (data.views[index].graph !== graphBefore) {
      cy.remove('.path');
      cy.elements().remove();
      cy.add(elementsOf(graphOfView(index)));
      cy.fit(undefined, 20);
      drawLegend();
    }
    showStateTitle();
    for (const item of document.querySelectorAll('.state')) item.classList.toggle('selected', Number(item.dataset.view) === index);
  }

  function stateDetail(index) {
    clearHighlight();
    drawView(index);
    const v = data.views[index];
    const own = data.findings.filter((f) => f.view === index);
    show(detail, el('h3', {}, `${v.ok ? '✓' : '✗'} ${v.name}`), el('p', {}, v.verdict), el('ul', { class: 'lines' }, v.lines.map((l) => el('li', {}, l))),
      own.length ? el('div', {}, el('h4', {}, data.labels.stateFindings), el('ol', { class: 'findings' }, own.map(findingItem))) : el('p', {}, data.labels.noStateViolation));
  }

  // ---- highlighting a finding's chain ---------------------------------------------------------------
  function clearHighlight() {
    cy.remove('.path');
    cy.elements().removeClass('on-path faded current');
    for (const item of document.querySelectorAll('.finding.selected')) item.classList.remove('selected');
    current = null;
  }

  let currentStep = -1;
  function selectStep(index) {
    if (!current || index < 0 || index >= current.steps.length) return;
    currentStep = index;
    cy.$('.path').removeClass('current');
    for (const item of detail.querySelectorAll('.step')) item.classList.toggle('current', Number(item.dataset.step) === index);
    const edge = cy.getElementById(`p:${current.id}:${index}`);
    if (edge.nonempty()) {
      edge.addClass('current');
      cy.animate({ center: { eles: edge }, duration: 0 });
    }
  }

  function selectFinding(id) {
    const finding = data.findings.find((f) => f.id === id);
    if (!finding) return;
    clearHighlight();
    if (finding.view !== undefined && finding.view !== null) drawView(finding.view);
    current = finding;
    currentStep = -1;
    const item = document.querySelector(`.finding[data-finding="${CSS.escape(id)}"]`);
    if (item) item.classList.add('selected');
    const added = [];
    finding.steps.forEach((step, i) => {
      if (!step.from || !step.to || step.from === step.to) return;
      if (cy.getElementById(step.from).empty() || cy.getElementById(step.to).empty()) return;
      added.push({ group: 'edges', data: { id: `p:${id}:${i}`, source: step.from, target: step.to, label: String(i + 1) }, classes: 'path' });
    });
    const edges = cy.add(added);
    const involved = edges.connectedNodes();
    cy.elements().not(involved).not(edges).not(involved.ancestors()).addClass('faded');
    involved.addClass('on-path');
    if (involved.nonempty()) cy.fit(involved.union(edges), 60);

    const steps = el('ol', { class: 'steps' }, finding.steps.map((s, i) =>
      el('li', { class: 'step', 'data-step': String(i), onclick: () => selectStep(i) },
        el('div', { class: 'step-text' }, s.text),
        s.rules.length ? el('ul', { class: 'rules' }, s.rules.map(ruleItem)) : null)));
    show(detail,
      el('h3', {}, `${finding.group}: ${finding.title}`),
      finding.location ? el('p', { class: 'loc' }, data.labels.at.replace('{location}', finding.location)) : null,
      el('ul', { class: 'lines' }, finding.lines.map((l) => el('li', {}, l))),
      finding.steps.length ? el('h4', {}, data.labels.chain.replace('{n}', data.lang === 'ja' ? `${finding.steps.length} 段` : `${finding.steps.length} step${finding.steps.length === 1 ? '' : 's'}`),
        el('button', { type: 'button', class: 'step-nav', 'data-nav': 'previous', onclick: () => selectStep(currentStep - 1) }, '◀'),
        el('button', { type: 'button', class: 'step-nav', 'data-nav': 'next', onclick: () => selectStep(currentStep + 1) }, '▶')) : null,
      steps,
      finding.outcome ? el('p', { class: 'outcome' }, `${data.labels.outcome}${finding.outcome}`) : null,
      finding.deciding.length ? el('div', {}, el('h4', {}, data.labels.decidingRules), el('ul', { class: 'rules' }, finding.deciding.map(ruleItem))) : null,
    );
  }

  // ---- the side panel's tabs ------------------------------------------------------------------------
  function findingItem(f) {
    return el('li', { class: `finding tone-${f.tone}`, 'data-finding': f.id, onclick: () => selectFinding(f.id) },
      el('span', { class: 'group' }, f.group), ' ', f.title);
  }

  function findingsView() {
    if (data.findings.length === 0) return el('p', {}, data.kind === 'diff' ? data.labels.noChange : data.labels.noViolation);
    return el('ol', { class: 'findings' }, data.findings.map(findingItem));
  }

  const MARKS = { holds: '✓', violated: '✗', changed: 'Δ', unchanged: '·', 'not-checked': '?', unconstrained: '', same: '=' };
  function matrixView() {
    const m = data.views ? data.matrices[data.views[currentView].matrix] : data.matrix;
    if (!m) return el('p', {}, data.labels.noModel);
    const byKey = new Map(m.cells.map((c) => [`${c.from}>${c.to}`, c]));
    const table = el('table', { class: 'matrix' },
      el('caption', {}, data.views ? `${data.views[currentView].name}: ${m.caption}` : m.caption),
      el('tr', {}, el('th', {}, data.labels.fromTo), m.classes.map((c) => el('th', { scope: 'col' }, c))),
      m.classes.map((from) => el('tr', {}, el('th', { scope: 'row' }, from), m.classes.map((to) => {
        const c = byKey.get(`${from}>${to}`);
        return el('td', { class: `cell st-${c.status}`, title: c.summary, 'data-cell': `${from}>${to}`, onclick: () => cellDetail(c) }, c.status === 'violated' && c.count ? `${MARKS.violated} ${c.count}` : MARKS[c.status]);
      }))));
    const key = el('p', { class: 'hint' }, data.labels.matrixKey);
    return el('div', {}, table, key);
  }

  function cellDetail(c) {
    const id = `${c.from}>${c.to}`;
    const related = data.findings.filter((f) => f.cells.includes(id) && (!data.views || f.view === currentView));
    show(detail, el('h3', {}, c.summary), el('ul', {}, c.lines.map((l) => el('li', {}, l))),
      related.length ? el('div', {}, el('h4', {}, data.labels.findingsInCell), el('ol', { class: 'findings' }, related.map(findingItem))) : null);
  }

  function exceptionsView() {
    if (data.exceptions.length === 0) return el('p', {}, data.labels.noExceptions);
    return el('table', { class: 'exceptions' },
      el('tr', {}, data.labels.exceptionColumns.map((h) => el('th', {}, h))),
      data.exceptions.map((e) => el('tr', { class: e.expired ? 'expired' : '' },
        el('td', {}, e.name), el('td', { class: 'justification' }, e.justification),
        el('td', {}, e.expires ? `${e.expires}${e.expired ? data.labels.expiredNotApplied : ''}` : data.labels.noEnd),
        el('td', {}, e.appliesTo), el('td', {}, e.scope), el('td', {}, e.usedBy.join(', ') || '—'), el('td', { class: 'loc' }, e.location || ''))));
  }

  function checksView() {
    if (data.checks.length === 0) return el('p', {}, data.kind === 'diff' ? data.labels.noStatusChange : data.labels.noCheck);
    return el('ul', { class: 'checks' }, data.checks.map((c) => el('li', { class: `check st-${c.status}` },
      el('span', { class: 'status' }, c.status), ' ', el('b', {}, c.id), ' ', c.title, el('ul', {}, c.lines.map((l) => el('li', {}, l))))));
  }

  function notesView() {
    return data.notes.length ? el('ul', { class: 'notes' }, data.notes.map((n) => el('li', {}, n))) : el('p', {}, data.labels.nothingFurther);
  }

  function statesView() {
    return el('div', {}, el('p', { class: 'hint' }, data.labels.stateHint), el('ol', { class: 'states' }, data.views.map((v, i) =>
      el('li', { class: `state ${v.ok ? 'ok' : 'bad'} kind-${v.kind}${i === currentView ? ' selected' : ''}`, 'data-view': String(i), onclick: () => stateDetail(i) },
        el('span', { class: 'state-mark' }, v.ok ? '✓' : '✗'), ' ', el('b', {}, v.name), el('div', { class: 'state-verdict' }, v.verdict)))));
  }

  const TABS = [
    ...(data.views ? [[`${data.labels.states} (${data.views.length})`, statesView]] : []),
    [`${data.kind === 'diff' ? data.labels.changes : data.labels.violations} (${data.findings.length})`, findingsView],
    [data.labels.matrix, matrixView],
    [`${data.labels.exceptions} (${data.exceptions.length})`, exceptionsView],
    [`${data.kind === 'diff' ? data.labels.statusChanges : data.labels.checks} (${data.checks.length})`, checksView],
    [`${data.labels.notes} (${data.notes.length})`, notesView],
  ];
  function openTab(index) {
    for (const [i, button] of [...tabs.children].entries()) button.classList.toggle('active', i === index);
    show(panel, TABS[index][1]());
  }
  TABS.forEach(([label], i) => tabs.append(el('button', { type: 'button', 'data-tab': String(i), onclick: () => openTab(i) }, label)));
  openTab(0);

  document.addEventListener('keydown', (event) => {
    if (!current || event.target instanceof HTMLInputElement) return;
    if (event.key === 'ArrowRight') selectStep(currentStep + 1);
    else if (event.key === 'ArrowLeft') selectStep(Math.max(currentStep - 1, 0));
  });

  // For the browser test and the curious: the graph and the selection functions.
  window.segproofReport = { cy, layoutMs, selectFinding, selectStep, clearHighlight, drawView, view: () => currentView };
  document.body.dataset.ready = 'true';
})();
