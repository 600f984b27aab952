import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/containers' },
  { path: '/containers', name: 'containers', component: () => import('./views/ContainersView.vue') },
  { path: '/containers/new', name: 'new-container', component: () => import('./views/NewContainerView.vue') },
  { path: '/networks', name: 'networks', component: () => import('./views/NetworksView.vue') },
  { path: '/map', name: 'map', component: () => import('./views/NetworkMapView.vue') },
  { path: '/troubleshoot', name: 'troubleshoot', component: () => import('./views/TroubleshootView.vue') },
  { path: '/firewall', name: 'firewall', component: () => import('./views/FirewallView.vue') },
  { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/containers' },
];

/** Hash history: the packaged app loads from file://, where path-based URLs cannot resolve. */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({ history, routes });
}
