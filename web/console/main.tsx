import '../shared/styles.css';
import { render } from 'preact';
import { App } from './app';
import { loadConfig } from './sign-in';

const root = document.getElementById('app');
if (root) void loadConfig().then((config) => render(<App config={config} />, root));
