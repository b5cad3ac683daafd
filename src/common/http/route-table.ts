/**
 * The routes the service serves, by path template, to tell "no such resource" (404) from
 * "not with this method" (405 with `Allow`, RFC 9110 §15.5.6) for a request no route matched.
 */
export class RouteTable {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];
  private readonly byUrl = new Map<string, Set<string>>();

  add(methods: string | string[], url: string): void {
    let known = this.byUrl.get(url);
    if (!known) {
      known = new Set();
      this.byUrl.set(url, known);
      // ':name' matches one path segment; '*' the rest of the path.
      const source = url
        .split('/')
        .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      this.routes.push({ pattern: new RegExp(`^${source}/?$`), methods: known });
    }
    for (const method of [methods].flat()) known.add(method.toUpperCase());
  }

  /** The methods some route takes at this path (sorted), or [] when no route has the path. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) route.methods.forEach((m) => methods.add(m));
    return [...methods].sort();
  }
}
