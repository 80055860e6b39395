// Renders the phone app's home-screen icons (web/public/m/icon-192.png, icon-512.png) from
// web/public/m/icon.svg. Run after changing the SVG: npx tsx scripts/make_field_icons.ts
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../web/public/m/', import.meta.url));
for (const size of [192, 512]) {
  await sharp(`${dir}icon.svg`, { density: 300 }).resize(size, size).png().toFile(`${dir}icon-${size}.png`);
  console.log(`wrote ${dir}icon-${size}.png`);
}
