import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { TestApp } from './test-app';

/** A route as the running app registered it: what the access tests hold their tables against. */
export interface RegisteredRoute {
  /** GET, POST, … */
  method: string;
  /** `/<controller path>/<handler path>`, without a trailing slash, e.g. `/committees/:committeeId/ranking`. */
  path: string;
  /** The controller's own path metadata, as declared. */
  base: unknown;
  controller: new (...args: never[]) => object;
  handler: () => unknown;
}

/** Every route the running app's controllers register, in the order Nest discovers them. */
export function scanRoutes(app: TestApp): RegisteredRoute[] {
  const nest = app.running.app;
  const discovery = nest.get(DiscoveryService);
  const scanner = nest.get(MetadataScanner);
  const found: RegisteredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as new (...args: never[]) => object;
    const base: unknown = Reflect.getMetadata(PATH_METADATA, controller);
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as () => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      found.push({ method, path: `/${String(base ?? '')}/${path}`.replace(/\/+/g, '/').replace(/\/$/, ''), base, controller, handler });
    }
  }
  return found;
}

/** "METHOD /path" of every route a controller under `base` registers, sorted. */
export function registeredRoutes(app: TestApp, base: string): string[] {
  return scanRoutes(app)
    .filter((route) => route.base === base)
    .map((route) => `${route.method} ${route.path}`)
    .sort();
}
