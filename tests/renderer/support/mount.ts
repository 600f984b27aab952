import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { setTransport } from '../../../src/renderer/api/client';
import { createAppRouter } from '../../../src/renderer/router';
import { FakeTransport } from './fake-transport';

/** Mounts a component the way the app does (pinia + router) against an in-memory transport. */
export async function mountWith(component: Component, fake: FakeTransport = new FakeTransport(), path = '/containers', props: Record<string, unknown> = {}) {
  setTransport(fake);
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  await router.isReady();
  const wrapper = mount(component, { props, global: { plugins: [pinia, router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, fake, router, pinia };
}
