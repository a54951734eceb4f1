import { DatePicker, type DatePickerProps } from 'antd';
import type { Dayjs } from 'dayjs';

/**
 * A DatePicker for a Form.Item whose form holds what the field shows.
 *
 * Ant Design's picker hands a typed day to the form only when it commits it:
 * on blur, a frame later — after the click on 确认 that blurred it has already
 * read the form — and never for a day its disabledDate refuses (the field keeps
 * showing the typed day, the form keeps the old one: today). Here every day
 * typed or picked goes to the form at once (onCalendarChange), so the day the
 * form validates and submits is the one on screen; disabledDate only greys the
 * days in the calendar, and the Form.Item's rule (pastDayRule) refuses a day
 * out of range with an error under the field.
 */
export function DayPicker({
  value,
  onChange,
  ...props
}: Omit<DatePickerProps, 'value' | 'defaultValue' | 'onChange' | 'onCalendarChange' | 'multiple'> & { value?: Dayjs | null; onChange?: (day: Dayjs | null) => void }) {
  return (
    <DatePicker
      {...props}
      value={value}
      onChange={(day) => onChange?.(day)}
      onCalendarChange={(day) => {
        const one = Array.isArray(day) ? day[0] : day;
        if (one && !(value && one.isSame(value, 'day'))) onChange?.(one);
      }}
    />
  );
}
