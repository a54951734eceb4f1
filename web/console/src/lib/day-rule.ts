import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { chinaDate, formatDay } from './time';

/**
 * The rule of a DatePicker for a day that has passed (寄出、告知、签收、收到):
 * not after today (in Beijing), nor before `earliest` when given.
 *
 * Not the picker's `disabledDate` alone: AntD's picker never hands the form a
 * disabled day typed into the field — it keeps its previous value (today) —,
 * so the form would submit a day staff never chose. The DayPicker passes
 * every typed day on (its `disabledDate` only greys days in the calendar),
 * and this rule refuses one out of range under the field.
 */
export function pastDayRule(label: string, earliest?: { day: string | undefined; what: string }): Rule {
  return {
    validator: (_, value: Dayjs | null | undefined) => {
      if (!value) return Promise.resolve();
      const day = value.format('YYYY-MM-DD');
      const today = chinaDate();
      if (day > today) return Promise.reject(new Error(`${label}不能晚于今天（${formatDay(today)}）`));
      if (earliest?.day && day < earliest.day) return Promise.reject(new Error(`${label}不能早于${earliest.what}（${formatDay(earliest.day)}）`));
      return Promise.resolve();
    },
  };
}

/** The rule of a DatePicker for a day to come (a 补充材料 期限): not before today (in Beijing); typed days are checked as in pastDayRule. */
export function futureDayRule(label: string): Rule {
  return {
    validator: (_, value: Dayjs | null | undefined) => {
      if (!value) return Promise.resolve();
      const today = chinaDate();
      return value.format('YYYY-MM-DD') < today ? Promise.reject(new Error(`${label}不能早于今天（${formatDay(today)}）`)) : Promise.resolve();
    },
  };
}
