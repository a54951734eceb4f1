import { describe, expect, it } from 'vitest';
import { fieldOfIssue } from './register-body';

describe('fieldOfIssue: where the form shows a problem the API names', () => {
  it.each([
    ['body.jurisdiction', ['jurisdiction']],
    ['body.accusedUnits.1', ['accusedUnits']],
    ['body.collective.headCount', ['collective', 'headCount']],
    ['body.petitioner.anonymous', ['petitioner', 'name']],
    ['body.collective.representatives[1].phone', ['collective', 'representatives', 1, 'phone']],
    ['body.writtenBy.name', ['writtenBy', 'name']],
    // A refusal of the writer as a whole (for an anonymous petitioner): at the section's first field.
    ['body.writtenBy', ['writtenBy', 'relation']],
  ])('%s is shown at %j', (path, field) => {
    expect(fieldOfIssue(path, 2)).toEqual(field);
  });

  it('leaves a path the form has no field for to the message (a representative not on the form, a query parameter)', () => {
    expect(fieldOfIssue('body.collective.representatives.3.name', 2)).toBeUndefined();
    expect(fieldOfIssue('query.jurisdiction', 2)).toBeUndefined();
    expect(fieldOfIssue('body.writtenBy.gender', 2)).toBeUndefined();
  });
});
