import { useEffect, useState } from 'preact/hooks';
import { LEVEL_NAMES, STATUS_LABELS, toLevel } from '../../lambdas/domain/grievance';
import { type FormProblem, type GrievanceSummary, toFormProblem } from '../shared/api';
import { formatTime, timeLeft } from '../shared/format';
import {
  Checkbox,
  ErrorSummary,
  ScreenHeading,
  SelectField,
  StatusMessage,
  TextField,
  useNow,
} from '../shared/ui';
import { ownerName } from './ownership-rules';
import type { QueueFilter, StaffApi } from './staff-api';

/** Due time, time left and the "Overdue" / "SLA breached" markers of one grievance. */
export function DueCell({ g, now }: { g: GrievanceSummary; now: number }) {
  const left = g.status === 'OPEN' && g.dueAt ? timeLeft(g.dueAt, now) : undefined;
  return (
    <>
      {g.dueAt ? formatTime(g.dueAt) : '—'}
      {left && !left.overdue && <span class="muted"> ({left.text})</span>}
      {left?.overdue && (
        <>
          {' '}
          <span class="tag tag-overdue">Overdue</span>
        </>
      )}
      {g.slaBreached && (
        <>
          {' '}
          <span class="tag tag-breached">SLA breached</span>
        </>
      )}
    </>
  );
}

/** The table "Grievance queue" with its filters, "Load more" and "Search". */
export function QueueScreen(props: {
  api: StaffApi;
  level: number;
  /** The caller's staff id: their claims show as "You". */
  me: string;
  onOpen: (id: string) => void;
}) {
  const [filter, setFilter] = useState<QueueFilter>({ status: 'OPEN' });
  const [items, setItems] = useState<GrievanceSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<FormProblem>();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [loading, setLoading] = useState(true);
  const now = useNow();

  /** The queue, or the search `q` when one is given; `more` appends the next page. */
  const load = async (more: boolean, q = searched) => {
    setLoading(true);
    try {
      const page = await props.api.queue(filter, {
        ...(q ? { q } : {}),
        ...(more && cursor ? { cursor } : {}),
      });
      const next = more ? [...items, ...page.items] : page.items;
      setItems(next);
      setCursor(page.nextCursor);
      setSearched(q);
      setProblem(undefined);
      setMessage(
        q
          ? next.length
            ? `${next.length} found for ${q}.`
            : `Nothing found for ${q}.`
          : `${next.length} grievance${next.length === 1 ? '' : 's'} shown.`,
      );
    } catch (error) {
      setProblem(toFormProblem(error, { q: 'queue-search' }));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load(false);
  }, [filter]);

  const search = (e: Event) => {
    e.preventDefault();
    void load(false, query.trim() || undefined);
  };

  const levels = [1, 2, 3].filter((l) => l <= props.level);
  return (
    <>
      <ScreenHeading>Grievances</ScreenHeading>
      <ErrorSummary problem={problem} labels={{ 'queue-search': 'Search' }} />
      <StatusMessage message={message} />
      <search aria-label="Find a grievance">
        <form onSubmit={search} class="filters">
          <TextField
            id="queue-search"
            label="Search"
            hint="Grievance id, mobile number or service order id. A search covers every status."
            type="search"
            spellcheck={false}
            value={query}
            onInput={setQuery}
            error={problem?.fields['queue-search']}
          />
          <div class="field">
            <button type="submit">Find</button>
          </div>
        </form>
      </search>
      <fieldset class="filters">
        <legend>Filters</legend>
        <SelectField
          id="filter-level"
          label="Level"
          value={String(filter.level ?? '')}
          onChange={(v) => setFilter({ ...filter, ...(v ? { level: Number(v) } : { level: undefined }) })}
          options={[
            { value: '', label: 'All my levels' },
            ...levels.map((l) => ({ value: String(l), label: `${l} · ${LEVEL_NAMES[toLevel(l)]}` })),
          ]}
        />
        <SelectField
          id="filter-status"
          label="Status"
          value={filter.status}
          onChange={(v) => setFilter({ ...filter, status: v as QueueFilter['status'] })}
          options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          id="filter-assignee"
          label="Owner"
          value={filter.assignee ?? ''}
          onChange={(v) => setFilter({ ...filter, assignee: v || undefined })}
          options={[
            { value: '', label: 'Anyone' },
            { value: 'me', label: 'Mine' },
            { value: 'none', label: 'Unassigned' },
          ]}
        />
        <Checkbox
          id="filter-breached"
          label="SLA breached only"
          checked={Boolean(filter.breached)}
          onChange={(breached) => setFilter({ ...filter, breached })}
        />
      </fieldset>
      {searched && (
        <p>
          <button
            type="button"
            class="link"
            onClick={() => {
              setQuery('');
              void load(false, undefined);
            }}
          >
            Clear the search
          </button>
        </p>
      )}
      <div class="table-wrap">
        <table aria-busy={loading ? 'true' : 'false'}>
          <caption>Grievance queue</caption>
          <thead>
            <tr>
              <th scope="col">Grievance</th>
              <th scope="col">Customer</th>
              <th scope="col">Category</th>
              <th scope="col">Level</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {items.map((g) => (
              <tr key={g.id}>
                <th scope="row">
                  <button type="button" class="link" onClick={() => props.onOpen(g.id)}>
                    {g.id}
                  </button>
                </th>
                <td>
                  {g.customer.name}
                  <br />
                  <span class="muted">{g.customer.phone}</span>
                </td>
                <td>{g.categoryLabel}</td>
                <td>{g.levelName}</td>
                <td>{g.statusLabel}</td>
                <td>
                  <DueCell g={g} now={now} />
                </td>
                <td>{ownerName(g.assignee, props.me)}</td>
              </tr>
            ))}
            {!loading && items.length === 0 && (
              <tr>
                <td colSpan={7}>No grievances.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {cursor && (
        <button type="button" class="secondary" disabled={loading} onClick={() => void load(true)}>
          Load more
        </button>
      )}
    </>
  );
}
