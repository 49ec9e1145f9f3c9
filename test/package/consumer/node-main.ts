/** The Node consumer: runs the round trip on the `.wasm` file named by the first argument. */
import { readFileSync } from 'node:fs';
import { roundTrip } from './round-trip.js';

const report = await roundTrip(new Uint8Array(readFileSync(process.argv[2])));
console.log(JSON.stringify(report));
