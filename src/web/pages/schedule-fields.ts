import { html } from 'hono/html';
import { describeInvalid, type Html, renderFieldError } from './layout.ts';

export const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Raw form values as the person typed them, so a form shown again after an error keeps its input. */
export type FormValues = Readonly<Record<string, string>>;

let timeZones: readonly string[] | undefined;

/** IANA zones for the time-zone suggestions; computed once, the list does not change at run time. */
function listTimeZones(): readonly string[] {
  timeZones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return timeZones;
}

function selected(condition: boolean): Html | '' {
  return condition ? html` selected` : '';
}

function checked(condition: boolean): Html | '' {
  return condition ? html` checked` : '';
}

/** Frequency, weekday, hour and time zone: the same controls on the sign-up and preferences pages. */
export function renderScheduleFields(values: FormValues, errors: Readonly<Record<string, string>>): Html {
  const frequency = values.frequency === 'weekly' ? 'weekly' : 'daily';
  const weekday = values.weekday ?? '1';
  const hour = values.hour ?? '7';
  const frequencyInvalid = errors.frequency ? html` aria-invalid="true"` : '';
  return html`<fieldset class="frequency"${errors.frequency ? html` aria-describedby="frequency-error"` : ''}>
<legend>How often</legend>
<div class="choices">
<label><input type="radio" name="frequency" value="daily"${checked(frequency === 'daily')}${frequencyInvalid}> Daily</label>
<label><input type="radio" name="frequency" value="weekly"${checked(frequency === 'weekly')}${frequencyInvalid}> Weekly</label>
<span class="weekday-choice">on <label class="visually-hidden" for="weekday">Weekday for the weekly issue</label>
<select id="weekday" name="weekday"${describeInvalid('weekday', errors)}>
${weekdayNames.map((name, i) => html`<option value="${i}"${selected(String(i) === weekday)}>${name}</option>`)}
</select></span>
</div>
${renderFieldError('frequency', errors)}${renderFieldError('weekday', errors)}
</fieldset>
<div class="row">
<div class="field">
<label for="hour">Delivery hour</label>
<select id="hour" name="hour"${describeInvalid('hour', errors)}>
${Array.from({ length: 24 }, (_, h) => html`<option value="${h}"${selected(String(h) === hour)}>${String(h).padStart(2, '0')}:00</option>`)}
</select>
${renderFieldError('hour', errors)}
</div>
<div class="field">
<label for="timezone">Time zone</label>
<input id="timezone" name="timezone" list="timezones" autocomplete="off" spellcheck="false" maxlength="64" required value="${values.timezone ?? 'UTC'}" data-prefill-timezone="${values.timezone ? 'no' : 'yes'}"${describeInvalid('timezone', errors)}>
<datalist id="timezones">${listTimeZones().map((z) => html`<option value="${z}"></option>`)}</datalist>
${renderFieldError('timezone', errors)}
</div>
</div>`;
}
