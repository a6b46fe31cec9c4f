// `npm run sync:settings`: rewrites docker-compose.yml's settings block, .env.example and README's settings table from
// the settings catalogue.
import { readFileSync, writeFileSync } from 'node:fs';
import { envExampleText, withComposeSettings, withReadmeSettings } from './settings-catalog.js';

writeFileSync('docker-compose.yml', withComposeSettings(readFileSync('docker-compose.yml', 'utf8')));
writeFileSync('.env.example', envExampleText());
writeFileSync('README.md', withReadmeSettings(readFileSync('README.md', 'utf8')));
console.log('docker-compose.yml, .env.example and README.md now list every setting of scripts/settings-catalog.ts');
