/**
 * happy-dom has no 2D canvas (`getContext` returns null). This stand-in accepts every drawing call
 * and measures text by length, which is all cytoscape's canvas renderer needs to run in tests.
 */
const PROPERTIES = new Set([
  'canvas',
  'font',
  'fillStyle',
  'strokeStyle',
  'lineWidth',
  'globalAlpha',
  'textAlign',
  'textBaseline',
  'lineCap',
  'lineJoin',
  'imageSmoothingEnabled',
  'shadowBlur',
  'shadowColor',
  'shadowOffsetX',
  'shadowOffsetY',
  'globalCompositeOperation',
  'miterLimit',
  'lineDashOffset',
  'direction',
  'filter',
]);

function fakeContext(canvas: HTMLCanvasElement): unknown {
  const state: Record<string | symbol, unknown> = { canvas };
  return new Proxy(state, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (prop === 'measureText') return (text: string) => ({ width: String(text).length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 });
      if (prop === 'getImageData') return () => ({ data: new Uint8ClampedArray(4) });
      if (prop === 'createLinearGradient' || prop === 'createRadialGradient' || prop === 'createPattern') return () => ({ addColorStop() {} });
      if (prop === 'getLineDash') return () => [];
      if (typeof prop === 'string' && !PROPERTIES.has(prop)) return () => undefined;
      return undefined;
    },
    set(target, prop, value) {
      target[prop] = value;
      return true;
    },
  });
}

type WithContext = { getContext: (this: HTMLCanvasElement, kind: string) => unknown };

/**
 * Installs the stand-in on HTMLCanvasElement and OffscreenCanvas (cytoscape draws its cached
 * layers on the latter when it exists); returns the function that puts happy-dom's own back.
 */
export function stubCanvas(): () => void {
  const protos = [HTMLCanvasElement.prototype, globalThis.OffscreenCanvas?.prototype].filter(Boolean) as unknown as WithContext[];
  const originals = protos.map((p) => p.getContext);
  for (const proto of protos) {
    proto.getContext = function (this: HTMLCanvasElement, kind: string) {
      return kind === '2d' ? fakeContext(this) : null;
    };
  }
  return () => protos.forEach((p, i) => (p.getContext = originals[i]));
}
