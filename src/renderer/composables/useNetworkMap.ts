import cytoscape, { type Core, type EventObject, type NodeSingular } from 'cytoscape';
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue';
import { mapLayout, mapStyle, readColors } from '../lib/map-style';
import { nodeSignature, type Topology, type TopologyNodeData } from '../lib/topology';

const MAX_FIT_ZOOM = 1.25;

export interface MapGraph {
  nodes: { id: string; kind: TopologyNodeData['kind']; label: string }[];
  edges: number;
}

/**
 * Keeps a cytoscape instance in step with a topology: elements that went away are removed, new
 * ones added, changed ones get their data replaced. Only a change in the set of nodes lays the
 * map out again; zoom and pan stay where the user left them (only the first layout fits).
 * When the canvas cannot be created (no 2D context), the graph runs headless so the node list
 * stays correct, and `rendered` says so.
 */
export function useNetworkMap(container: Ref<HTMLElement | null>, topology: Ref<Topology>, onTap: (node: TopologyNodeData) => void) {
  const rendered = shallowRef(true);
  /** What cytoscape holds now (read back from it, not from the input). */
  const graph = shallowRef<MapGraph>({ nodes: [], edges: 0 });
  let cy: Core | null = null;
  let signature = '';
  let fitted = false;

  function create(): Core {
    const style = mapStyle(readColors());
    const common = { style, layout: { name: 'preset' as const }, minZoom: 0.05, maxZoom: 4 };
    try {
      return cytoscape({ container: container.value ?? undefined, ...common, boxSelectionEnabled: false });
    } catch {
      rendered.value = false;
      return cytoscape({ headless: true, styleEnabled: true, ...common });
    }
  }

  function sync(t: Topology): void {
    const core = cy;
    if (!core) return;
    const wanted = new Map([...t.nodes, ...t.edges].map((e) => [e.data.id, e]));
    core.batch(() => {
      core.elements().forEach((ele) => {
        if (!wanted.has(ele.id())) core.remove(ele);
      });
      // Nodes before edges: an edge needs both ends to exist.
      for (const el of [
        ...t.nodes.map((n) => ({ group: 'nodes' as const, data: n.data })),
        ...t.edges.map((e) => ({ group: 'edges' as const, data: e.data })),
      ]) {
        const existing = core.getElementById(el.data.id);
        if (existing.empty()) core.add(el);
        else if (JSON.stringify(existing.data()) !== JSON.stringify(el.data)) existing.data(el.data);
      }
    });
    const next = nodeSignature(t);
    if (next !== signature) {
      signature = next;
      const fit = !fitted && t.nodes.length > 0;
      fitted ||= fit;
      // Laid out in the topology's order (cytoscape would use insertion order): a new container
      // then joins its network's group on the ring instead of landing at the end.
      const ordered = core.collection();
      for (const n of t.nodes) ordered.merge(core.getElementById(n.data.id));
      ordered.layout(mapLayout({ fit, animate: rendered.value && !fit })).run();
      // Fitting two or three nodes would blow them up to poster size; cap it at a little over 1:1.
      if (fit && core.zoom() > MAX_FIT_ZOOM) {
        core.zoom(MAX_FIT_ZOOM);
        core.center();
      }
    }
    graph.value = {
      nodes: core.nodes().map((n) => ({ id: n.id(), kind: n.data('kind') as TopologyNodeData['kind'], label: String(n.data('text')) })),
      edges: core.edges().length,
    };
  }

  onMounted(() => {
    cy = create();
    // Bound to 'node', so the event's target is a node (cytoscape types it loosely).
    const node = (e: EventObject): NodeSingular => e.target as NodeSingular;
    cy.on('tap', 'node', (e) => onTap(node(e).data() as TopologyNodeData));
    cy.on('mouseover', 'node', (e) => node(e).connectedEdges().addClass('hl'));
    cy.on('mouseout', 'node', (e) => node(e).connectedEdges().removeClass('hl'));
    sync(topology.value);
  });
  watch(topology, (t) => sync(t));
  onBeforeUnmount(() => {
    cy?.destroy();
    cy = null;
  });

  return {
    rendered,
    graph,
    fit: () => cy?.fit(undefined, 24),
    /** The list uses this to act as a click on the canvas would. */
    tap: (id: string) => cy?.getElementById(id).emit('tap'),
    /** The instance itself, for tests that check the viewport and positions. */
    core: () => cy,
  };
}
