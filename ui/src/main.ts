import { invoke } from '@tauri-apps/api/core';
import { mount } from 'svelte';
import App from './App.svelte';
import { tauriApi } from './lib/api';
import './app.css';

const target = document.getElementById('app');
if (target) {
  mount(App, { target, props: { api: tauriApi(invoke) } });
}
