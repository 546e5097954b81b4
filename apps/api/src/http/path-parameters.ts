import { z } from 'zod';
import { text } from '@bts-console/domain';

/*
 * Path parameters that several routers share. BizTalk names hold dots, spaces and brackets; clients
 * encode them with encodeURIComponent and Express decodes them before these schemas see them.
 */

export const ApplicationParamsSchema = z.object({
  app: text().min(1).max(256).describe('Application name'),
});

export const SendPortParamsSchema = z.object({
  name: text().min(1).max(256).describe('Send port name'),
});

/** A thumbprint in a path, in any accepted form: the route normalizes it (DESIGN §4). */
export const ThumbprintSchema = text()
  .min(1)
  .max(512)
  .describe('Thumbprint in any accepted form (spaces, colons, any case)');
