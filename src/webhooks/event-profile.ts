import { API_PREFIX } from '../common/http/api-version';
import type { AppConfig } from '../config/config';
import type { EventProfile } from './domain/cloud-event';

/** The installation's CloudEvents profile: the events' source, type prefix, and where `dataref` points. */
export function eventProfile(config: AppConfig): EventProfile {
  return { source: config.webhooks.eventSource, typePrefix: config.webhooks.eventTypePrefix, apiUrl: `${config.http.publicUrl}/${API_PREFIX}` };
}
