import { useEffect, useRef, useState } from 'preact/hooks';
import { LEVEL_NAMES, toLevel } from '../../lambdas/domain/grievance';
import { DEFAULT_REPORT_TIME_ZONE, MAX_REPORT_DAYS } from '../../lambdas/domain/grievance-stats';
import { type FormProblem, toFormProblem } from '../shared/api';
import { addDays, dayIn, formatDay, isDay, resolutionTime } from '../shared/format';
import { ErrorSummary, ScreenHeading, StatusMessage, TextField } from '../shared/ui';
import type { SlaReport, StaffApi } from './staff-api';

const DEFAULT_DAYS = 7;
const FIELDS = { from: 'report-from', to: 'report-to' } as const;
const LABELS = { [FIELDS.from]: 'From', [FIELDS.to]: 'To' };

/** The last seven days, today included, in the report's time zone. */
function defaultRange(timeZone: string): { from: string; to: string } {
  const to = dayIn(timeZone, Date.now());
  return { from: addDays(to, 1 - DEFAULT_DAYS), to };
}

const spanDays = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

/** The range's problems, by field id, the way the API words them (from ≤ to, at most 366 days). */
function rangeProblem(from: string, to: string): FormProblem | undefined {
  const fields: Record<string, string> = {};
  if (!isDay(from)) fields[FIELDS.from] = 'Enter a date';
  if (!isDay(to)) fields[FIELDS.to] = 'Enter a date';
  else if (isDay(from) && to < from) fields[FIELDS.to] = 'Must not be before the “From” date';
  else if (isDay(from) && spanDays(from, to) > MAX_REPORT_DAYS)
    fields[FIELDS.to] = `Must be at most ${MAX_REPORT_DAYS} days after the “From” date, both included`;
  return Object.keys(fields).length ? { fields } : undefined;
}

/**
 * "Reports": the SLA report of a date range (GET /staff/reports/sla) — the
 * per-level table, the overall figures, what is open now, a per-day chart
 * (inline SVG, its figures also in a table) and "Download CSV".
 */
export function ReportsScreen(props: { api: StaffApi }) {
  const [timeZone, setTimeZone] = useState(DEFAULT_REPORT_TIME_ZONE);
  const [range, setRange] = useState(() => defaultRange(DEFAULT_REPORT_TIME_ZONE));
  const [touched, setTouched] = useState(false);
  const [report, setReport] = useState<SlaReport>();
  const [problem, setProblem] = useState<FormProblem>();
  const [message, setMessage] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [downloading, setDownloading] = useState(false);

  const show = async (from: string, to: string) => {
    const invalid = rangeProblem(from, to);
    setProblem(invalid);
    if (invalid) return;
    setLoading(true);
    try {
      const next = await props.api.slaReport(from, to);
      // The console assumes the API's default zone until the API names its own.
      if (next.timeZone !== timeZone && !touched) {
        setTimeZone(next.timeZone);
        const fixed = defaultRange(next.timeZone);
        if (fixed.from !== from || fixed.to !== to) {
          setRange(fixed);
          return void show(fixed.from, fixed.to);
        }
      }
      setReport(next);
      setMessage(`Report shown for ${formatDay(next.from)} to ${formatDay(next.to)}.`);
    } catch (error) {
      setProblem(toFormProblem(error, { from: FIELDS.from, to: FIELDS.to }));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void show(range.from, range.to);
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    void show(range.from, range.to);
  };

  const download = async () => {
    const { from, to } = range;
    const invalid = rangeProblem(from, to);
    setProblem(invalid);
    if (invalid) return;
    setDownloading(true);
    try {
      const blob = await props.api.slaReportCsv(from, to);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `sla-report-${from}-to-${to}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage(`Downloaded the days ${formatDay(from)} to ${formatDay(to)} as CSV.`);
    } catch (error) {
      setProblem(toFormProblem(error, { from: FIELDS.from, to: FIELDS.to }));
    } finally {
      setDownloading(false);
    }
  };

  const edit = (field: 'from' | 'to') => (value: string) => {
    setTouched(true);
    setRange({ ...range, [field]: value });
  };

  return (
    <>
      <ScreenHeading>SLA report</ScreenHeading>
      <ErrorSummary problem={problem} labels={LABELS} />
      <StatusMessage message={message} />
      <form onSubmit={submit} noValidate>
        <fieldset class="filters">
          <legend>
            Dates (days in {timeZone}, both included, at most {MAX_REPORT_DAYS} days)
          </legend>
          <TextField
            id={FIELDS.from}
            label="From"
            type="date"
            value={range.from}
            onInput={edit('from')}
            error={problem?.fields[FIELDS.from]}
          />
          <TextField
            id={FIELDS.to}
            label="To"
            type="date"
            value={range.to}
            onInput={edit('to')}
            error={problem?.fields[FIELDS.to]}
          />
        </fieldset>
        <div class="actions">
          <button type="submit" disabled={loading}>
            Show report
          </button>
          <button type="button" class="secondary" disabled={downloading} onClick={() => void download()}>
            Download CSV
          </button>
        </div>
      </form>
      {report && <ReportView report={report} busy={loading} />}
    </>
  );
}

function ReportView({ report, busy }: { report: SlaReport; busy: boolean }) {
  const period = `${formatDay(report.from)} to ${formatDay(report.to)}`;
  const rows: { label: string; value: (l: SlaReport['levels'][number]) => string }[] = [
    { label: 'Entered', value: (l) => String(l.entered) },
    { label: 'Resolved there', value: (l) => String(l.resolved) },
    { label: 'Resolved within SLA', value: (l) => String(l.resolvedWithinSla) },
    { label: 'Escalated on deadline', value: (l) => String(l.escalatedOnDeadline) },
    { label: 'Escalated because unhappy', value: (l) => String(l.escalatedUnhappy) },
    { label: 'Breached (level 3)', value: (l) => (l.level === 3 ? String(l.breached) : '—') },
    { label: 'Median time to resolution', value: (l) => resolutionTime(l.medianResolutionMinutes) },
    { label: '90th percentile time to resolution', value: (l) => resolutionTime(l.p90ResolutionMinutes) },
  ];
  const s = report.satisfaction;
  return (
    <div aria-busy={busy ? 'true' : 'false'}>
      <h2>Overall, {period}</h2>
      <dl class="facts">
        <dt>Filed</dt>
        <dd>{report.filed}</dd>
        <dt>Closed</dt>
        <dd>{report.closed}</dd>
        <dt>Satisfied</dt>
        <dd>{s.satisfied}</dd>
        <dt>Not satisfied</dt>
        <dd>{s.unsatisfied}</dd>
        <dt>Average rating</dt>
        <dd>
          {s.averageRating === null ? '—' : `${s.averageRating.toFixed(1)} of 5`}{' '}
          <span class="muted">
            ({s.rated} rating{s.rated === 1 ? '' : 's'})
          </span>
        </dd>
      </dl>
      <TableRegion id="report-levels">
        <table class="report-table">
          <caption id="report-levels">By level, {period}</caption>
          <thead>
            <tr>
              <td />
              {report.levels.map((l) => (
                <th scope="col" key={l.level}>
                  {l.level} · {l.levelName}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {report.levels.map((l) => (
                  <td key={l.level} class="num">
                    {r.value(l)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <p class="hint">
        Times to resolution count from arrival at the level, rounded up to 15 minutes (under 2 hours) or to
        the hour.
      </p>
      <TableRegion id="report-open">
        <table class="report-table">
          <caption id="report-open">Open now</caption>
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Open</th>
              <th scope="col">Overdue</th>
            </tr>
          </thead>
          <tbody>
            {report.openNow.map((o) => (
              <tr key={o.level}>
                <th scope="row">
                  {o.level} · {LEVEL_NAMES[toLevel(o.level)]}
                </th>
                <td class="num">{o.open}</td>
                <td class="num">{o.overdue}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <h2>Per day</h2>
      <DayChart report={report} />
      <details>
        <summary>Figures per day</summary>
        <TableRegion id="report-days">
          <table class="report-table">
            <caption id="report-days">Per day, {period}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {SERIES.map((k) => (
                  <th scope="col" key={k.key}>
                    {k.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.days.map((d) => (
                <tr key={d.date}>
                  <th scope="row">
                    <time dateTime={d.date}>{formatDay(d.date)}</time>
                  </th>
                  {SERIES.map((k) => (
                    <td key={k.key} class="num">
                      {d[k.key]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </details>
    </div>
  );
}

/**
 * A table that may be wider than a phone scrolls inside itself; as a named
 * region that takes focus, keyboard users can scroll it too.
 */
function TableRegion({ id, children }: { id: string; children: preact.ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
    <section class="table-wrap" aria-labelledby={id} tabIndex={0}>
      {children}
    </section>
  );
}

type DayKey = 'filed' | 'resolved' | 'escalated' | 'breached';
const SERIES: readonly { key: DayKey; label: string }[] = [
  { key: 'filed', label: 'Filed' },
  { key: 'resolved', label: 'Resolved' },
  { key: 'escalated', label: 'Escalated' },
  { key: 'breached', label: 'Breached' },
];

const W = 640;
const H = 220;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };

/**
 * Filed, resolved, escalated and breached per day as lines (each with its own
 * dash pattern, not colour alone). It is one image to assistive technology,
 * named by a summary; the figures themselves are in the table below it.
 */
function DayChart({ report }: { report: SlaReport }) {
  const titleId = useRef(`chart-${Math.random().toString(36).slice(2)}`).current;
  const days = report.days;
  const n = days.length;
  const total = (k: DayKey) => days.reduce((sum, d) => sum + d[k], 0);
  const max = Math.max(1, ...days.flatMap((d) => SERIES.map((s) => d[s.key])));
  const top = max <= 4 ? max : Math.ceil(max / 4) * 4;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const ticks =
    top <= 4 ? Array.from({ length: top + 1 }, (_, i) => i) : [0, top / 4, top / 2, (3 * top) / 4, top];
  const labelled = n <= 1 ? [0] : n <= 8 ? days.map((_, i) => i) : [0, Math.floor((n - 1) / 2), n - 1];
  const summary = `Grievances per day, ${formatDay(report.from)} to ${formatDay(report.to)} (${n} day${
    n === 1 ? '' : 's'
  }): ${SERIES.map((s) => `${total(s.key)} ${s.label.toLowerCase()}`).join(', ')}.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} width="100%">
        <title id={titleId}>{summary}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text class="axis" x={PAD.left - 6} y={y(t) + 4} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        {labelled.map((i) => {
          const d = days[i];
          return d ? (
            <text
              key={d.date}
              class="axis"
              x={x(i)}
              y={H - 8}
              text-anchor={n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle'}
            >
              {formatDay(d.date).replace(/ \d{4}$/, '')}
            </text>
          ) : null;
        })}
        {SERIES.map((s) => (
          <g key={s.key} class={`series series-${s.key}`}>
            <polyline fill="none" points={days.map((d, i) => `${x(i)},${y(d[s.key])}`).join(' ')} />
            {n <= 31 && days.map((d, i) => <circle key={d.date} cx={x(i)} cy={y(d[s.key])} r={3} />)}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul class="legend">
          {SERIES.map((s) => (
            <li key={s.key}>
              <svg class={`series series-${s.key}`} width="28" height="10" aria-hidden="true">
                <line x1="0" x2="28" y1="5" y2="5" />
              </svg>{' '}
              {s.label} ({total(s.key)})
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
