/**
 * A second process for the lock tests (`lowdbStore.test.ts` runs it):
 *
 *     node --import tsx dataDirLock.probe.ts <dataDir> open   open the store, print "opened", close, exit 0
 *     node --import tsx dataDirLock.probe.ts <dataDir> hold   open, print "opened", keep it until stdin ends
 *
 * When the store refuses to open, prints the error's name and message and exits with 3.
 */
import { openLowdbStore } from './lowdbStore.js';

const [dataDir, mode] = process.argv.slice(2);
if (dataDir === undefined || (mode !== 'open' && mode !== 'hold')) {
  console.error('usage: dataDirLock.probe.ts <dataDir> open|hold');
  process.exit(2);
}

try {
  const store = await openLowdbStore(dataDir);
  console.log('opened');
  if (mode === 'hold') {
    process.stdin.resume();
    await new Promise<void>((resolve) => process.stdin.once('end', () => resolve()));
  }
  await store.close();
} catch (error) {
  console.log(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(3);
}
