import type { Dayjs } from 'dayjs';
import type { components } from '../../api/schema';
import { fromChinaWallClock } from '../../lib/time';
import { MAX_AGE } from '../../../../../shared/domain/case.js';

export type RegisterBody = components['schemas']['RegisterCaseRequest'];
type Person = RegisterBody['petitioner'];
export type Gender = NonNullable<Person['gender']>;
export type Category = NonNullable<RegisterBody['category']>;

/** A person's fields as the form holds them (年龄 as typed: the text, so that what is wrong with it can be said). */
export interface PersonValues {
  name?: string;
  gender?: Gender;
  age?: string | number | null;
  occupation?: string;
  address?: string;
  workUnit?: string;
  email?: string;
  phone?: string;
}

/** 代为反映人 as the form holds them. */
export interface WriterValues {
  relation?: string;
  name?: string;
  phone?: string;
  email?: string;
}

/** The register form's values, shaped as the API's body so an issue's path names its field. */
export interface RegisterValues {
  jurisdiction: string;
  channel: 'letter' | 'visit' | 'phone';
  receivedAt?: Dayjs | null;
  subject?: string;
  matter: string;
  category?: Category;
  incidentAddress?: string;
  urgent?: boolean;
  /** 检举、控告: the units the report accuses (unit ids). */
  accusedUnits?: string[];
  petitioner?: PersonValues;
  /** The 集体访 switch: only the form's, it decides whether `collective` is sent. */
  isCollective?: boolean;
  collective?: { headCount?: number | null; representatives?: (PersonValues | undefined)[] };
  /** The 代为反映 switch: only the form's, it decides whether `writtenBy` is sent. */
  hasWriter?: boolean;
  writtenBy?: WriterValues;
}

const WRITER_FIELDS: readonly string[] = ['relation', 'name', 'phone', 'email'];

/** Two names the API takes as one person's (spaces and full-width forms aside, as its name key compares them). */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  const key = (name: string | undefined) => (name ?? '').normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
  return key(a) !== '' && key(a) === key(b);
}

/** Only what was given, as the API records it; nothing when the switch is off (the desk's form and the reception's). */
export function writerOf(values: Pick<RegisterValues, 'hasWriter' | 'writtenBy'>): RegisterBody['writtenBy'] {
  if (!values.hasWriter) return undefined;
  const w = values.writtenBy;
  const [relation, name, phone, email] = [trimmed(w?.relation), trimmed(w?.name), trimmed(w?.phone), trimmed(w?.email)];
  return { relation: relation ?? '', ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
}

const PERSON_TEXT = ['name', 'occupation', 'address', 'workUnit', 'email', 'phone'] as const;
const PERSON_FIELDS: readonly string[] = [...PERSON_TEXT, 'gender', 'age'];
const CASE_FIELDS: readonly string[] = ['jurisdiction', 'channel', 'receivedAt', 'subject', 'matter', 'category', 'incidentAddress', 'urgent', 'accusedUnits'];

const trimmed = (text: string | undefined): string | undefined => text?.trim() || undefined;

/**
 * 年龄 as typed: the age in years, nothing (left blank), or what is wrong with it in words a clerk reads — “二百”
 * is not a number, 58.5 is not whole years, 200 is past MAX_AGE. Full-width digits (５８) and 岁 after them are
 * taken as they are meant.
 */
export function ageOf(value: string | number | null | undefined): number | undefined | { error: string } {
  if (value === null || value === undefined) return undefined;
  const text = String(value).normalize('NFKC').trim().replace(/\s*(岁|周岁)$/, '');
  if (text === '') return undefined;
  if (/^\d+\.\d*$/.test(text)) return { error: '年龄请填写整数周岁，如 58' };
  if (!/^\d+$/.test(text)) return { error: `年龄请用阿拉伯数字填写，如 58（“${String(value).trim().slice(0, 10)}”不是数字）` };
  const age = Number(text);
  if (age > MAX_AGE) return { error: `年龄不超过 ${MAX_AGE} 岁，请核对（填写的是 ${age}）` };
  return age;
}

/** Only what was given: blank fields are left out, as the API records only what the petitioner gave. */
function personOf(values: PersonValues | undefined, anonymous: boolean): Person {
  const person: Person = { anonymous };
  for (const key of PERSON_TEXT) {
    const text = trimmed(values?.[key]);
    if (text) person[key] = text;
  }
  if (values?.gender) person.gender = values.gender;
  const age = ageOf(values?.age);
  if (typeof age === 'number') person.age = age;
  return person;
}

/**
 * How the petitioner will be registered: `named`; `unnamed` (未留姓名) — no name
 * but a phone, email or postal address, by which they are told like anyone; or
 * `anonymous` — neither, so nothing identifies them and nobody can be told.
 */
export function petitionerKind(values: PersonValues | undefined): 'named' | 'unnamed' | 'anonymous' {
  if (trimmed(values?.name)) return 'named';
  return trimmed(values?.phone) || trimmed(values?.email) || trimmed(values?.address) ? 'unnamed' : 'anonymous';
}

/** The body of POST /cases for the form's values. */
export function registerBodyOf(values: RegisterValues): RegisterBody {
  // Anonymous only when the petitioner left neither a name nor a contact; a representative always has a name (the form requires it).
  const petitioner = personOf(values.petitioner, petitionerKind(values.petitioner) === 'anonymous');
  const subject = trimmed(values.subject);
  const incidentAddress = trimmed(values.incidentAddress);
  const writtenBy = writerOf(values);
  const collective = values.isCollective
    ? {
        headCount: values.collective?.headCount ?? 0,
        representatives: (values.collective?.representatives ?? []).map((r) => personOf(r, false)),
      }
    : undefined;
  return {
    jurisdiction: values.jurisdiction,
    channel: values.channel,
    // Picked as China's wall-clock time (chinaWallClock), whatever zone the computer is in.
    ...(values.receivedAt ? { receivedAt: fromChinaWallClock(values.receivedAt) } : {}),
    ...(subject ? { subject } : {}),
    matter: values.matter,
    ...(values.category ? { category: values.category } : {}),
    petitioner,
    ...(writtenBy ? { writtenBy } : {}),
    ...(collective ? { collective } : {}),
    ...(incidentAddress ? { incidentAddress } : {}),
    ...(values.urgent ? { urgent: true } : {}),
    ...(values.accusedUnits?.length ? { accusedUnits: values.accusedUnits } : {}),
  };
}

export type FieldName = (string | number)[];

/**
 * The form field an API issue's path points at — `body.collective.representatives[1].phone`
 * is the second representative's phone — or undefined when the form has no such field.
 * An issue on `anonymous` is about the name (the form derives anonymity from the name and contacts left blank).
 */
export function fieldOfIssue(path: string, representatives: number): FieldName | undefined {
  if (!path.startsWith('body.')) return undefined;
  const keys: FieldName = path
    .slice('body.'.length)
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  const person = (prefix: FieldName, key: string | number | undefined): FieldName | undefined =>
    key === 'anonymous' ? [...prefix, 'name'] : typeof key === 'string' && PERSON_FIELDS.includes(key) ? [...prefix, key] : undefined;
  const [first, second, third, fourth] = keys;
  if (keys.length === 1 && typeof first === 'string' && CASE_FIELDS.includes(first)) return keys;
  // One select holds them all: a problem with the second named unit is shown at the select.
  if (first === 'accusedUnits') return ['accusedUnits'];
  if (first === 'petitioner' && keys.length === 2) return person(['petitioner'], second);
  // A refusal of the writer as a whole (an anonymous petitioner) is shown at the relation, the section's first field.
  if (first === 'writtenBy') return keys.length === 1 ? ['writtenBy', 'relation'] : keys.length === 2 && typeof second === 'string' && WRITER_FIELDS.includes(second) ? ['writtenBy', second] : undefined;
  if (first === 'collective' && second === 'headCount' && keys.length === 2) return keys;
  if (first === 'collective' && second === 'representatives') {
    if (keys.length === 2) return keys;
    if (keys.length === 4 && typeof third === 'number' && third < representatives) return person(['collective', 'representatives', third], fourth);
  }
  return undefined;
}
