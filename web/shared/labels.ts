/**
 * The one label table the apps keep: the options of the "Category" select.
 * Every answer carries its own labels (`categoryLabel`, `statusLabel`,
 * `statusDescription`, timeline `label`, `levelName`) and the screens show
 * those; but the API offers no list of the categories a new complaint may
 * take, so the form's options come from the same table the API labels
 * grievances with (lambdas/domain/grievance.ts), never from a copy.
 */
import { CATEGORY_LABELS } from '../../lambdas/domain/grievance';

export const CATEGORY_OPTIONS: readonly { value: string; label: string }[] = Object.entries(
  CATEGORY_LABELS,
).map(([value, label]) => ({ value, label }));
