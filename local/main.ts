import { JavaMissingError } from './dynamodb-local';
import { startLocalHost } from './host';

/** `npm start`: the whole API on localhost (or HOST) against DynamoDB Local. */
async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOST || '127.0.0.1';
  const dataDir = process.env.DATA_DIR || undefined;
  const host = await startLocalHost({
    port,
    hostname,
    ...(dataDir ? { dataDir } : {}),
    onSms: (m) => console.log(`[sms → ${m.to}] ${m.body}`),
    onAlert: (a) => console.log(`[alert → ${a.topic}] ${a.subject}: ${a.body}`),
    onNotice: (line) => console.log(line),
  });
  console.log(
    `Redress local API listening on ${host.url} (DynamoDB Local at ${host.dynamoEndpoint}, data ${dataDir ? `in ${dataDir}` : 'in memory'})`,
  );
  if (hostname !== '127.0.0.1' && hostname !== 'localhost')
    console.log(`  bound to ${hostname}: reachable from other machines on that address`);
  console.log(`  try: curl ${host.url}/health`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await host.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** One line a person can act on, for the failures a local start commonly meets; undefined for others. */
function startFailureMessage(error: unknown, port: string, hostname: string): string | undefined {
  if (error instanceof JavaMissingError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE')
    return `Port ${port} on ${hostname} is already in use: stop what holds it, or start on another port (PORT=3001 npm start).`;
  if (code === 'EACCES')
    return `Not allowed to listen on port ${port} of ${hostname}: pick a port above 1023 (PORT=3000 npm start).`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `Cannot bind to HOST=${hostname}: it is not an address of this machine (default 127.0.0.1; 0.0.0.0 for all).`;
  return undefined;
}

main().catch((error) => {
  const message = startFailureMessage(error, process.env.PORT ?? '3000', process.env.HOST || '127.0.0.1');
  if (message) console.error(message);
  else console.error('Could not start the local host:', error instanceof Error ? error.message : error);
  process.exit(1);
});
