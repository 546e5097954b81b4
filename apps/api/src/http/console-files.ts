import type { Request, RequestHandler, Response } from 'express';
import { consoleFirstRequests } from '@bts-console/domain';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { preferredEncoding } from './compress-json';

/** Vite names every built asset after its content (`framework-BqKTWCsx.js`): a new build, a new name. */
const HASHED_ASSET = /^assets\/.+-[\w-]{8,}\.\w+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The few files under their own names (the icon): kept a while, then asked for again. */
const UNHASHED = 'public, max-age=3600';
/** index.html names the current assets, so every load asks whether it changed. */
const REVALIDATE = 'no-cache';

/** Written by the console's build: the route modules a signed-in page loads first, by path. */
const FIRST_MODULES = 'first-modules.json';

/** Copies the build wrote beside a file (apps/web/build/precompress.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** Every file of the folder, as URL paths relative to it ('assets/app.js'). */
function filesUnder(folder: string): Set<string> {
  const files = new Set<string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.add(relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }
  return files;
}

/** What the build says a signed-in page loads first, by path (apps/web/build/first-modules.ts). */
function firstModules(webDist: string, files: Set<string>): { path: RegExp; modules: string[] }[] {
  if (!files.has(FIRST_MODULES)) return [];
  const pages = JSON.parse(readFileSync(join(webDist, FIRST_MODULES), 'utf8')) as {
    path: string;
    modules: string[];
  }[];
  return pages.map((page) => ({ path: new RegExp(page.path), modules: page.modules }));
}

/**
 * The built console, sent compressed as the browser accepts (`Vary: Accept-Encoding`), hashed assets
 * cached for a year and index.html revalidated, with the SPA fallback: every console URL that is not
 * a file gets index.html. The folder is read once; a new build means a new start.
 */
export function serveConsole(
  webDist: string,
  {
    signedIn,
  }: {
    /**
     * Whether the request's visitor is signed in. Signed in, index.html names in its `Link` header what the
     * page will ask for first (rel=preload): its API reads and its route modules, so the browser asks while
     * it loads the scripts (docs/decisions/026-first-requests-preloaded.md).
     */
    signedIn?: (req: Request) => Promise<boolean>;
  } = {},
): RequestHandler {
  const files = filesUnder(webDist);
  const modules = firstModules(webDist, files);
  const preloads = (path: string) => [
    ...consoleFirstRequests(path).map((url) => `<${url}>; rel=preload; as=fetch; crossorigin`),
    ...[...new Set(modules.filter((page) => page.path.test(path)).flatMap((page) => page.modules))].map(
      (url) => `<${url}>; rel=modulepreload`,
    ),
  ];
  const send = (
    req: Request,
    res: Response,
    file: string,
    cacheControl: string,
    fail: (error: unknown) => void,
  ) => {
    const variants = ENCODINGS.filter((encoding) => files.has(file + encoding.suffix));
    let sent = file;
    if (variants.length > 0) {
      res.vary('Accept-Encoding');
      const accepted = preferredEncoding(
        req,
        variants.map((variant) => variant.name),
      );
      const chosen = variants.find((variant) => variant.name === accepted);
      if (chosen) {
        sent = file + chosen.suffix;
        res.setHeader('Content-Encoding', chosen.name);
      }
    }
    // The type of the file itself, not of its compressed copy.
    res.type(extname(file));
    res.sendFile(
      join(webDist, sent),
      { headers: { 'Cache-Control': cacheControl }, cacheControl: false },
      (error) => {
        if (error) fail(error);
      },
    );
  };
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let file: string;
    try {
      file = decodeURIComponent(req.path).replace(/^\/+/, '');
    } catch (error) {
      return next(error);
    }
    if (files.has(file) && file !== 'index.html') {
      return send(req, res, file, HASHED_ASSET.test(file) ? IMMUTABLE : UNHASHED, next);
    }
    if (file.startsWith('assets/') || /^api(\/|$)/.test(file)) return next();
    if (!signedIn) return send(req, res, 'index.html', REVALIDATE, next);
    signedIn(req).then((yes) => {
      // Who is signed in decides the preloads, so a cached index.html is only reused for the same cookie.
      res.vary('Cookie');
      const links = yes ? preloads(req.path) : [];
      // `crossorigin`: the same mode and credentials as the console's fetch, which then takes the answer.
      if (links.length > 0) res.setHeader('Link', links.join(', '));
      send(req, res, 'index.html', REVALIDATE, next);
    }, next);
  };
}
