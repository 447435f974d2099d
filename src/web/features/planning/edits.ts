import type { ListName, TextField } from '../../../contract/planning.ts';
import type { Content } from './common.tsx';

/** A change as the editor keeps it, before the revision it is based on is attached. */
export type Edit =
  | { op: 'set'; path: TextField; value: string | string[] }
  | { op: 'rate'; standard: string; rating: { level: number; evidence: string; comment: string } | null }
  | { op: 'put'; list: ListName; item: { id: string } & Record<string, unknown> }
  | { op: 'remove'; list: ListName; id: string };

export const editPath = (e: Edit): string =>
  e.op === 'set'
    ? e.path
    : e.op === 'rate'
      ? `self.${e.standard}`
      : `${e.list}.${e.op === 'put' ? e.item.id : e.id}`;

function listOf(content: Content, list: ListName): { id: string }[] {
  const [part, key] = list.split('.') as ['pete' | 'pat', string];
  return (content[part] as unknown as Record<string, { id: string }[]>)[key] ?? [];
}
function setListOf(content: Content, list: ListName, items: { id: string }[]) {
  const [part, key] = list.split('.') as ['pete' | 'pat', string];
  (content[part] as unknown as Record<string, unknown>)[key] = items;
}

/** The server's content with this client's unsaved edits on top (what the user sees). */
export function applyEdits(server: Content, edits: Edit[]): Content {
  if (!edits.length) return server;
  const content = structuredClone(server);
  for (const e of edits) {
    if (e.op === 'set') {
      const key = e.path.split('.')[1] as keyof Content['pete'];
      (content.pete as Record<string, unknown>)[key] = e.value;
    } else if (e.op === 'rate') {
      if (e.rating) content.selfEvaluation.ratings[e.standard] = e.rating;
      else delete content.selfEvaluation.ratings[e.standard];
    } else if (e.op === 'put') {
      const items = listOf(content, e.list);
      const i = items.findIndex((x) => x.id === e.item.id);
      setListOf(content, e.list, i < 0 ? [...items, e.item] : items.map((x, j) => (j === i ? e.item : x)));
    } else {
      setListOf(
        content,
        e.list,
        listOf(content, e.list).filter((x) => x.id !== e.id),
      );
    }
  }
  return content;
}
