import { ApiHeader } from '@nestjs/swagger';

export const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'The ETag you read; a stale one gives 412.' });
export const IDEMPOTENCY_KEY = ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Makes a retry safe: the first response is replayed.' });
