import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { invalid } from '../errors/app-error';
import { isUuid } from '../ids';

/** A path id that is not a UUID is a 400 naming the parameter, never a database error. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUuid(value)) throw invalid('REQUEST.INVALID_ID', [{ name: metadata.data ?? 'id', reason: 'must be a UUID' }]);
    return value.toLowerCase();
  }
}
