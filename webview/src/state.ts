// What the page remembers across being hidden or a window reload (VS Code's getState/setState, or
// memory in a plain browser): the table's sort, the selected layer, the table's scroll and the last
// data, so that the panel comes back as it was before the extension answers 'ready'. Pure.
import type { PanelData } from '../../server/src/protocol/panel';
import { columnById, DEFAULT_SORT, type SortState } from './chart/table';
import { isPanelData } from './messages';

export interface PageState {
  v: 1;
  sort: SortState;
  selected?: number;
  scrollTop: number;
  data?: PanelData;
}

export function initialState(): PageState {
  return { v: 1, sort: { ...DEFAULT_SORT }, scrollTop: 0 };
}

/** A remembered state, repaired field by field: what does not check out takes its default. */
export function parseState(raw: unknown): PageState {
  const s = initialState();
  if (typeof raw !== 'object' || raw === null) return s;
  const r = raw as Record<string, unknown>;
  if (r.v !== 1) return s;
  const sort = r.sort as Record<string, unknown> | undefined;
  if (sort && typeof sort.column === 'string' && columnById(sort.column) && (sort.dir === 'asc' || sort.dir === 'desc')) {
    s.sort = { column: columnById(sort.column)!.id, dir: sort.dir };
  }
  if (Number.isInteger(r.selected)) s.selected = r.selected as number;
  if (typeof r.scrollTop === 'number' && r.scrollTop >= 0) s.scrollTop = r.scrollTop;
  if (isPanelData(r.data)) s.data = r.data;
  return s;
}
