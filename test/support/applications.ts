import type { HttpResult, TestApp } from './test-app';

/** Every application id the actor's list shows, walking `links.next`; `query` adds filters (`&status=…`). */
export async function listedApplications(app: TestApp, token: string, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined = `/api/v1/applications?limit=100${query}`;
  while (next) {
    const page: HttpResult = await app.get(next, { token });
    if (page.status !== 200) throw new Error(`list ${next}: ${page.status} ${page.text}`);
    ids.push(...page.body.items.map((a: { id: string }) => a.id));
    next = page.body.links.next?.href;
  }
  return ids;
}
