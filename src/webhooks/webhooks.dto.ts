import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsInt, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { MaxItems, Optional } from '../common/http/formats';
import { LinkDto } from '../common/pagination/page.dto';
import { WEBHOOK_EVENT_NAMES, WEBHOOK_EVENTS } from './domain/events';
import type { WebhookDeliveryRecord, WebhookSubscriptionRecord } from './persistence/webhook.entity';

const EVENTS_DOC = `Events, each with the scope the client must hold: ${Object.entries(WEBHOOK_EVENTS)
  .map(([e, s]) => `${e} (${s})`)
  .join(', ')}.`;

export class CreateWebhookSubscriptionDto {
  @ApiProperty({ example: 'https://zaaksysteem.delfzijl.nl/webhooks/subsidia', maxLength: 2000, description: 'https; never a private, loopback or link-local address.' })
  @IsString()
  @Length(1, 2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_NAMES, isArray: true, example: ['decision.made'], description: EVENTS_DOC })
  @IsArray()
  @ArrayMinSize(1)
  @MaxItems(WEBHOOK_EVENT_NAMES.length)
  @ArrayUnique()
  @IsString({ each: true })
  events!: string[];
}

export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_NAMES, isArray: true })
  events!: string[];

  @ApiProperty({ enum: ['active', 'disabled'] })
  status!: 'active' | 'disabled';

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(r: WebhookSubscriptionRecord): WebhookSubscriptionDto {
    return { id: r.id, clientId: r.clientId, url: r.url, events: [...r.events].sort(), status: r.status, createdAt: r.createdAt.toISOString() };
  }
}

export class CreatedWebhookSubscriptionDto extends WebhookSubscriptionDto {
  @ApiProperty({ description: 'The signing secret (Standard Webhooks, HMAC-SHA256). Shown once: keep it.', example: 'whsec_…' })
  secret!: string;
}

export class WebhookSubscriptionListDto {
  @ApiProperty({ type: [WebhookSubscriptionDto] })
  items!: WebhookSubscriptionDto[];
}

export class DeliveryQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'The most recent deliveries, newest first.' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The same for every attempt and every subscriber: de-duplicate on it (the webhook-id header).' })
  eventId!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_NAMES })
  eventType!: string;

  @ApiProperty({ enum: ['pending', 'succeeded', 'dead'], description: 'dead: every attempt failed; it is not tried again.' })
  status!: 'pending' | 'succeeded' | 'dead';

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ nullable: true, type: Number })
  lastStatusCode!: number | null;

  @ApiProperty({ nullable: true, type: String })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastAttemptAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  deliveredAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    description:
      'The body that is (or was) posted: a CloudEvent 1.0 in structured JSON mode (NL GOV profile for CloudEvents 1.0), posted as `application/cloudevents+json`.',
    type: 'object',
    additionalProperties: true,
    example: {
      specversion: '1.0',
      id: '5b0c4f0e-1b1a-4b35-9c39-7b4f4c0b2f11',
      source: 'urn:nld:oin:00000000000000000000:systeem:subsidia',
      type: 'nl.subsidia.decision.made',
      subject: 'application/0b7e5a4c-3c55-4d3c-9a53-2f3a4f0d9e21',
      time: '2026-12-04T09:30:00.000Z',
      datacontenttype: 'application/json',
      dataref: 'https://subsidia.example.nl/api/v1/applications/0b7e5a4c-3c55-4d3c-9a53-2f3a4f0d9e21',
      data: { action: 'application.awarded', subject: { type: 'application', id: '0b7e5a4c-3c55-4d3c-9a53-2f3a4f0d9e21' } },
    },
  })
  payload!: Record<string, unknown>;

  static from(r: WebhookDeliveryRecord, body: object): WebhookDeliveryDto {
    return {
      id: r.id,
      eventId: r.eventId,
      eventType: r.eventType,
      status: r.status,
      attempts: r.attempts,
      lastStatusCode: r.lastStatusCode,
      lastError: r.lastError,
      lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      payload: body as Record<string, unknown>,
    };
  }
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items!: WebhookDeliveryDto[];
}

export class EventFeedQueryDto {
  @ApiPropertyOptional({ description: 'The `cursor` of the previous answer (absent: from the first event).', maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class EventFeedLinksDto {
  @ApiProperty({ type: LinkDto })
  self!: LinkDto;

  @ApiProperty({ type: LinkDto, description: 'Where to poll next; the same position when there was nothing new.' })
  next!: LinkDto;
}

export class EventFeedDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'CloudEvents 1.0 (NL GOV profile for CloudEvents 1.0), oldest first: the same ids and bodies as the webhook deliveries of these events.',
  })
  items!: object[];

  @ApiProperty({ description: 'Poll again with `after` set to this: it is past every event in `items`, and never past an event still to come.' })
  cursor!: string;

  @ApiProperty({ type: EventFeedLinksDto })
  links!: EventFeedLinksDto;
}
