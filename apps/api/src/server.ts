import { serve } from '@minitwit/service';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

await serve({ name: 'minitwit-api', loadConfig, buildApp });
