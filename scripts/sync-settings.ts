// `npm run sync:settings`: rewrites docker-compose.yml's settings block and .env.example from the settings catalogue.
import { readFileSync, writeFileSync } from 'node:fs';
import { envExampleText, withComposeSettings } from './settings-catalog.js';

writeFileSync('docker-compose.yml', withComposeSettings(readFileSync('docker-compose.yml', 'utf8')));
writeFileSync('.env.example', envExampleText());
console.log('docker-compose.yml and .env.example now list every setting of scripts/settings-catalog.ts');
