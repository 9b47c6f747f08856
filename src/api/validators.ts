import { IsIn, registerDecorator, type ValidationOptions } from 'class-validator';
import { FTM_TOPICS, isPartialDate } from '../model';

/** class-validator rule for partial dates (`2019`, `2022-05`, `2022-05-05`). */
export function IsPartialDate(options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isPartialDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date like 2019, 2022-05 or 2022-05-05`, ...options },
      validator: { validate: (value: unknown) => value === null || value === undefined || isPartialDate(value) },
    });
}

/** class-validator rule for a list of FtM topics (`sanction`, `role.pep`, …), each one FtM has. */
export const AreFtmTopics = (): PropertyDecorator =>
  IsIn(FTM_TOPICS, { each: true, message: 'topics must be FtM topics such as sanction, role.pep or crime.fin' });
