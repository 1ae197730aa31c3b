// Node helpers shared by the proxy and the emulator (@talent-beacon/core/node); the pure core is
// in ../src and runs anywhere.
export { readStreamText } from './read-stream-text.js';
