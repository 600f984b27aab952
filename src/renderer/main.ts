import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { initApi } from './api/client';
import App from './App.vue';
import { createAppRouter } from './router';
import './styles.css';

// First, so a `?token=` is taken out of the URL before the router parses it.
initApi();

createApp(App).use(createPinia()).use(createAppRouter()).mount('#app');
