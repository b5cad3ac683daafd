import { notFound } from '../common/errors/app-error';

export const serviceClientNotFound = (id: string) => notFound('SERVICE_CLIENT.NOT_FOUND', `No service client ${id}.`);
