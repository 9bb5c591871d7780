import { useEffect, useState } from 'preact/hooks';
import { SERVICE_ORDER_STATUSES, STATUS_TEXT } from '../../lambdas/domain/service-order';
import { TRANSITIONS } from '../../lambdas/domain/service-order-rules';
import { DeviceFacts, RepairProgress, ServiceOrderTimeline } from '../portal/orders';
import {
  type FormProblem,
  type ServiceOrder,
  type ServiceOrderStatus,
  type ServiceOrderSummary,
  toFormProblem,
} from '../shared/api';
import { localInputToIso } from '../shared/format';
import { ErrorSummary, ScreenHeading, SelectField, StatusMessage, TextArea, TextField } from '../shared/ui';
import type { OrderFilter, StaffApi } from './staff-api';

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  ...SERVICE_ORDER_STATUSES.map((value) => ({ value, label: STATUS_TEXT[value].label })),
];

/**
 * Service orders (GET /staff/service-orders): the list by status and service
 * centre, most recently updated first, with "Load more"; a search by id,
 * purchase order number, phone, IMEI or serial; "New service order" for those
 * who may create.
 */
export function OrdersScreen(props: {
  api: StaffApi;
  canChange: boolean;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [centre, setCentre] = useState('');
  /** The filter the list shows (what was last submitted). */
  const [shown, setShown] = useState<OrderFilter>({});
  const [items, setItems] = useState<ServiceOrderSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<FormProblem>();
  const [message, setMessage] = useState<string>();

  const load = async (filter: OrderFilter, more: boolean) => {
    setLoading(true);
    try {
      const page = await props.api.orders(filter, more && cursor ? cursor : undefined);
      const next = more ? [...items, ...page.items] : page.items;
      setItems(next);
      setCursor(page.nextCursor);
      setShown(filter);
      setProblem(undefined);
      setMessage(
        next.length
          ? `${next.length} service order${next.length === 1 ? '' : 's'} shown.`
          : filter.q
            ? `Nothing found for ${filter.q}.`
            : 'No service orders.',
      );
    } catch (error) {
      setProblem(
        toFormProblem(error, { q: 'order-search', serviceCentre: 'order-centre', status: 'order-status' }),
      );
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load({}, false);
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    void load(
      {
        ...(q.trim() ? { q: q.trim() } : {}),
        ...(status ? { status: status as ServiceOrderStatus } : {}),
        ...(centre.trim() ? { serviceCentre: centre.trim() } : {}),
      },
      false,
    );
  };

  return (
    <>
      <ScreenHeading>Service orders</ScreenHeading>
      <StatusMessage message={message} />
      <ErrorSummary
        problem={problem}
        labels={{
          'order-search': 'Find a service order',
          'order-status': 'Status',
          'order-centre': 'Service centre',
        }}
      />
      {props.canChange && (
        <p>
          <button type="button" onClick={props.onNew}>
            New service order
          </button>
        </p>
      )}
      <search aria-label="Service orders">
        <form onSubmit={submit} class="filters">
          <TextField
            id="order-search"
            label="Find a service order"
            optional
            hint="Order id, order number, mobile number, IMEI or serial number"
            type="search"
            spellcheck={false}
            value={q}
            onInput={setQ}
            error={problem?.fields['order-search']}
          />
          <SelectField
            id="order-status"
            label="Status"
            value={status}
            onChange={setStatus}
            options={STATUS_OPTIONS}
            error={problem?.fields['order-status']}
          />
          <TextField
            id="order-centre"
            label="Service centre"
            optional
            value={centre}
            onInput={setCentre}
            error={problem?.fields['order-centre']}
          />
          <div class="field">
            <button type="submit">Find</button>
          </div>
        </form>
      </search>
      <ul class="plain" aria-label="Service orders found" aria-busy={loading ? 'true' : 'false'}>
        {items.map((o) => (
          <li key={o.id}>
            <button type="button" class="link" onClick={() => props.onOpen(o.id)}>
              {o.id}
            </button>{' '}
            <span class="muted">
              {o.statusLabel} · {o.device.model} · {o.customer.name} · {o.serviceCentre}
            </span>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" class="secondary" disabled={loading} onClick={() => void load(shown, true)}>
          Load more
        </button>
      )}
    </>
  );
}

const FIELDS: Record<string, string> = {
  'customer.name': 'so-name',
  'customer.phone': 'so-phone',
  'device.model': 'so-model',
  'device.imei': 'so-imei',
  'device.serialNumber': 'so-serial',
  issue: 'so-issue',
  serviceCentre: 'so-centre',
  estimatedReadyAt: 'so-ready',
};
const LABELS: Record<string, string> = {
  'so-name': 'Customer name',
  'so-phone': 'Mobile number',
  'so-model': 'Device model',
  'so-imei': 'IMEI',
  'so-serial': 'Serial number',
  'so-issue': 'Issue',
  'so-centre': 'Service centre',
  'so-ready': 'Estimated ready time',
};

/** The "New service order" form; "Create". */
export function NewOrderScreen(props: {
  api: StaffApi;
  onCreated: (o: ServiceOrder) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const value = (id: string) => v[id] ?? '';
  const field = (id: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      id={id}
      label={LABELS[id] ?? id}
      value={value(id)}
      onInput={(x) => setV({ ...v, [id]: x })}
      error={problem?.fields[id]}
      autoComplete="off"
      {...extra}
    />
  );

  const create = async (e: Event) => {
    e.preventDefault();
    const required = ['so-name', 'so-phone', 'so-model', 'so-issue', 'so-centre'];
    const missing = Object.fromEntries(
      required.filter((id) => !value(id).trim()).map((id) => [id, `Enter the ${LABELS[id]?.toLowerCase()}`]),
    );
    if (Object.keys(missing).length) return setProblem({ fields: missing });
    const ready = localInputToIso(value('so-ready'));
    setBusy(true);
    try {
      const order = await props.api.createOrder({
        customer: { name: value('so-name').trim(), phone: value('so-phone').trim() },
        device: {
          model: value('so-model').trim(),
          ...(value('so-imei').trim() ? { imei: value('so-imei').trim() } : {}),
          ...(value('so-serial').trim() ? { serialNumber: value('so-serial').trim() } : {}),
        },
        issue: value('so-issue').trim(),
        serviceCentre: value('so-centre').trim(),
        ...(ready ? { estimatedReadyAt: ready } : {}),
      });
      props.onCreated(order);
    } catch (error) {
      setProblem(toFormProblem(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenHeading>New service order</ScreenHeading>
      <ErrorSummary problem={problem} labels={LABELS} />
      <form onSubmit={create} noValidate>
        {field('so-name')}
        {field('so-phone', { type: 'tel', hint: '10-digit mobile number, like 9876543210', width: 'medium' })}
        {field('so-model')}
        {field('so-imei', {
          optional: true,
          inputMode: 'numeric',
          hint: '15 digits',
          width: 'medium',
          spellcheck: false,
        })}
        {field('so-serial', { optional: true, width: 'medium', spellcheck: false })}
        <TextArea
          id="so-issue"
          label="Issue"
          rows={3}
          value={value('so-issue')}
          onInput={(x) => setV({ ...v, 'so-issue': x })}
          error={problem?.fields['so-issue']}
        />
        {field('so-centre')}
        {field('so-ready', { type: 'datetime-local', optional: true, width: 'medium' })}
        <div class="actions">
          <button type="submit" disabled={busy}>
            Create
          </button>
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}

/** An order: one button per allowed next status, named by its label, and a "Note" box. */
export function OrderScreen(props: {
  api: StaffApi;
  id: string;
  canChange: boolean;
  created?: boolean;
  backLabel: string;
  onBack: () => void;
}) {
  const [order, setOrder] = useState<ServiceOrder>();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [message, setMessage] = useState<string | undefined>(
    props.created ? 'Service order created. The customer has been sent an SMS.' : undefined,
  );
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    props.api.order(props.id).then(setOrder, (e) => setProblem(toFormProblem(e)));
  }, [props.id]);

  const move = async (status: ServiceOrder['status']) => {
    setBusy(true);
    try {
      const next = await props.api.changeStatus(props.id, status, note.trim() || undefined);
      setOrder(next);
      setNote('');
      setProblem(undefined);
      setMessage(`Status changed to ${next.statusLabel}. The customer has been sent an SMS.`);
    } catch (error) {
      setProblem(toFormProblem(error, { note: 'so-note' }));
    } finally {
      setBusy(false);
    }
  };

  const next = order ? TRANSITIONS[order.status] : [];
  return (
    <>
      <ScreenHeading>Service order {props.id}</ScreenHeading>
      <StatusMessage message={message} />
      <ErrorSummary problem={problem} labels={{ 'so-note': 'Note' }} />
      {order && (
        <>
          <p>
            <strong>{order.statusLabel}</strong> — {order.customer.name}, {order.customer.phone}
          </p>
          <DeviceFacts order={order} masked={false} />
          <RepairProgress order={order} />
          {props.canChange && next.length > 0 && (
            <section class="panel" aria-labelledby="change-heading">
              <h2 id="change-heading">Change the status</h2>
              <TextArea
                id="so-note"
                label="Note"
                optional
                hint="Sent to the customer with the new status."
                rows={2}
                value={note}
                onInput={setNote}
                error={problem?.fields['so-note']}
              />
              <div class="actions">
                {next.map((s) => (
                  <button
                    key={s}
                    type="button"
                    class={s === 'CANCELLED' ? 'danger' : undefined}
                    disabled={busy}
                    onClick={() => void move(s)}
                  >
                    {STATUS_TEXT[s].label}
                  </button>
                ))}
              </div>
            </section>
          )}
          {order.smsNotDelivered?.map((f) => (
            <p key={`${f.at}-${f.kind}`} class="note">
              <strong>{f.label}</strong>: {f.kind.toLowerCase().replace(/_/g, ' ')} SMS to {f.to}
            </p>
          ))}
          <h2>History</h2>
          <ServiceOrderTimeline order={order} staff />
        </>
      )}
      <p>
        <button type="button" class="secondary" onClick={props.onBack}>
          {props.backLabel}
        </button>
      </p>
    </>
  );
}
