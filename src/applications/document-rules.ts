import type { ApplicationStatus } from './domain/application-lifecycle';

/** After submission an applicant may still add to an application in these states (and always to a completion request). */
export const ADDABLE_AFTER_SUBMIT: readonly ApplicationStatus[] = ['submitted', 'completion_supplied', 'complete', 'eligible'];

export interface DocumentUpload {
  fileName: string;
  contentType: string | undefined;
  content: unknown;
}
