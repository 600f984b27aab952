import type { ConcentricLayoutOptions, NodeSingular, StylesheetJson } from 'cytoscape';

/**
 * How the network map looks and is laid out. Shared by the view and the tests, so the overlap test
 * lays out nodes with the very sizes the canvas draws.
 */

export interface MapColors {
  fg: string;
  muted: string;
  bg: string;
  surface: string;
  border: string;
  link: string;
  ok: string;
  warn: string;
  bad: string;
  network: string;
}

export const DEFAULT_COLORS: MapColors = {
  fg: '#1d1f23',
  muted: '#6a707a',
  bg: '#ffffff',
  surface: '#f7f8fa',
  border: '#dcdfe4',
  link: '#1f5fcf',
  ok: '#2ea055',
  warn: '#d99a16',
  bad: '#d9453b',
  network: '#2f6fe0',
};

/** The canvas cannot use CSS variables, so the theme's values are read once when the map mounts. */
export function readColors(root: Element | null = typeof document === 'undefined' ? null : document.documentElement): MapColors {
  if (!root || typeof getComputedStyle !== 'function') return DEFAULT_COLORS;
  const css = getComputedStyle(root);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: read('--fg', DEFAULT_COLORS.fg),
    muted: read('--muted', DEFAULT_COLORS.muted),
    bg: read('--bg', DEFAULT_COLORS.bg),
    surface: read('--surface', DEFAULT_COLORS.surface),
    border: read('--border', DEFAULT_COLORS.border),
    link: read('--link', DEFAULT_COLORS.link),
    ok: read('--ok-dot', DEFAULT_COLORS.ok),
    warn: read('--warn-dot', DEFAULT_COLORS.warn),
    bad: read('--bad-dot', DEFAULT_COLORS.bad),
    network: read('--primary', DEFAULT_COLORS.network),
  };
}

export function mapStyle(c: MapColors = DEFAULT_COLORS): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'text-halign': 'center',
        'font-size': 11,
        'font-family': 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        color: c.fg,
        'background-color': c.surface,
        'border-width': 1,
        'border-color': c.border,
        // Below this on-screen size labels are unreadable anyway; dropping them keeps big maps fast.
        'min-zoomed-font-size': 4,
      },
    },
    {
      selector: 'node[kind = "network"]',
      style: { shape: 'round-hexagon', 'border-width': 2, 'border-color': c.network, 'font-weight': 'bold' },
    },
    { selector: 'node[kind = "network"][?isDefault]', style: { 'border-style': 'dashed' } },
    { selector: 'node[kind = "container"]', style: { 'border-width': 2, 'border-color': c.muted } },
    { selector: 'node[tone = "ok"]', style: { 'border-color': c.ok } },
    { selector: 'node[tone = "warn"]', style: { 'border-color': c.warn } },
    { selector: 'node[tone = "bad"]', style: { 'border-color': c.bad } },
    { selector: 'node[tone = "off"]', style: { 'border-style': 'dotted', color: c.muted } },
    { selector: 'node[kind = "port"]', style: { shape: 'tag', color: c.link, 'border-color': c.link } },
    { selector: 'node:selected', style: { 'border-width': 3, 'overlay-opacity': 0.08 } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'curve-style': 'straight',
        'line-color': c.muted,
        'line-opacity': 0.45,
        label: 'data(label)',
        'font-size': 9,
        color: c.muted,
        'text-rotation': 'autorotate',
        'text-background-color': c.bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 6,
      },
    },
    { selector: 'edge[kind = "publish"]', style: { 'line-style': 'dashed', 'line-color': c.link, 'line-opacity': 0.7 } },
    // With dozens of edges crossing the middle, hovering a node lifts out the lines it owns.
    { selector: 'edge.hl', style: { 'line-opacity': 1, width: 2.5, 'line-color': c.network, color: c.fg, 'z-index': 10 } },
  ];
}

/**
 * Concentric rings: networks inside, containers around them, host ports outermost. It places
 * nodes in the order given (the topology groups each network's containers together), never
 * overlaps nodes (`avoidOverlap` spaces every ring by the largest node), and is deterministic, so
 * a refresh does not reshuffle the picture. Force-directed `cose` was tried: on 50 containers it
 * left overlapping nodes in every run.
 */
export function mapLayout(options: { fit: boolean; animate: boolean }): ConcentricLayoutOptions {
  return {
    name: 'concentric',
    concentric: (node: NodeSingular) => Number(node.data('ring')) || 0,
    levelWidth: () => 1,
    avoidOverlap: true,
    // The largest node is wide and flat; this much extra keeps its diagonal clear of its neighbours.
    minNodeSpacing: 16,
    // Laid out around a fixed centre rather than the container's size, which is 0 while hidden.
    boundingBox: { x1: 0, y1: 0, w: 1, h: 1 },
    padding: 24,
    fit: options.fit,
    animate: options.animate,
    animationDuration: 250,
  };
}
