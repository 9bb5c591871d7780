import { JavaMissingError } from './dynamodb-local';
import { startLocalHost } from './host';

/** `npm start`: the whole API on localhost against DynamoDB Local. */
async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = process.env.DATA_DIR || undefined;
  const host = await startLocalHost({
    port,
    ...(dataDir ? { dataDir } : {}),
    onSms: (m) => console.log(`[sms → ${m.to}] ${m.body}`),
    onAlert: (a) => console.log(`[alert → ${a.topic}] ${a.subject}: ${a.body}`),
  });
  console.log(
    `Redress local API listening on ${host.url} (DynamoDB Local at ${host.dynamoEndpoint}, data ${dataDir ? `in ${dataDir}` : 'in memory'})`,
  );
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

main().catch((error) => {
  if (error instanceof JavaMissingError) console.error(error.message);
  else console.error('Could not start the local host:', error instanceof Error ? error.message : error);
  process.exit(1);
});
