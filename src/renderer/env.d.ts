/// <reference types="vite/client" />

// A script (not a module) file, so `Window` below merges into the global interface.

interface Window {
  /** Exposed by the Electron preload; absent when the renderer runs in a plain browser. */
  containerKit?: import('../shared/contract').ContainerKitBridge;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
