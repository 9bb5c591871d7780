import {
  DLT_VARIABLE_MAX,
  dltTemplate,
  longestExample,
  SMS_CATALOGUE,
  SMS_KINDS,
  smsSize,
  variablesOf,
} from '../../lambdas/domain/sms-catalogue';

/** The worst case of a template: every variable at the 30 characters a DLT variable may carry. */
export const worstCase = (kind: (typeof SMS_KINDS)[number]): string =>
  SMS_CATALOGUE[kind].text.replace(/\{(\w+)\}/g, () => 'x'.repeat(DLT_VARIABLE_MAX));

/**
 * The README's DLT table, built from the catalogue: the test compares the README
 * with it, and `npx tsx test/support/dlt-table.ts` prints it to paste after a change.
 */
export function dltTable(): string {
  const rows = SMS_KINDS.map((kind) => {
    const longest = smsSize(longestExample(kind));
    const worst = smsSize(worstCase(kind));
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    return (
      `| \`${kind}\` | ${cell(SMS_CATALOGUE[kind].purpose)} | \`${cell(dltTemplate(kind))}\` | ` +
      `${variablesOf(kind).join(', ')} | ${longest.length} / ${longest.segments} | ${worst.length} / ${worst.segments} |`
    );
  });
  return [
    '| kind | sent when | template (register exactly this) | variables, in order | GSM-7 chars / segments, typical longest | worst case (every variable 30 chars) |',
    '| --- | --- | --- | --- | ---: | ---: |',
    ...rows,
  ].join('\n');
}

if (require.main === module) process.stdout.write(`${dltTable()}\n`);
