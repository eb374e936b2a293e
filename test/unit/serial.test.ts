/** SOA serial arithmetic: date-based bumps, +1, the RFC 1982 wrap, never backwards. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseSettings } from '../../server/src/settings';
import { bumpSerial, isNewer, MAX_SERIAL, parseDay, serialDate, type Day } from '../../server/src/zone/serial';

const TODAY: Day = { year: 2026, month: 11, day: 21 };

describe('serial: date-based serials', () => {
  it('an older date becomes today with change 00', () => {
    const b = bumpSerial(2024010105, TODAY);
    assert.equal(b.to, 2026112100);
    assert.equal(b.method, 'date');
    assert.match(b.message, /2024010105 → 2026112100/);
  });

  it("today's date gets the next change number", () => {
    assert.equal(bumpSerial(2026112100, TODAY).to, 2026112101);
    assert.equal(bumpSerial(2026112141, TODAY).to, 2026112142);
    assert.equal(bumpSerial(2026112141, TODAY).method, 'date');
  });

  it('change 99 of today is used up: +1, and the message says why', () => {
    const b = bumpSerial(2026112199, TODAY);
    assert.equal(b.to, 2026112200);
    assert.equal(b.method, 'increment');
    assert.match(b.message, /change 99 of 2026-11-21 is used up/);
    assert.match(b.message, /never goes backwards/);
  });

  it('a date in the future: +1, never back to today', () => {
    const b = bumpSerial(2027030105, TODAY);
    assert.equal(b.to, 2027030106);
    assert.equal(b.method, 'increment');
    assert.match(b.message, /after today/);
  });

  it('the oldest plausible date still moves to today (the jump stays below 2^31)', () => {
    const b = bumpSerial(1970010100, TODAY);
    assert.equal(b.to, 2026112100);
    assert.equal(b.method, 'date');
  });

  it('recognises only ten-digit serials with a real calendar day', () => {
    assert.deepEqual(serialDate(2024022905), { day: 20240229, change: 5 });
    assert.equal(serialDate(2023022905), undefined, '2023 has no 29 February');
    assert.equal(serialDate(2024130101), undefined, 'no month 13');
    assert.equal(serialDate(2024010001), undefined, 'no day 0');
    assert.equal(serialDate(20240101), undefined, 'eight digits are not YYYYMMDDnn');
    assert.equal(bumpSerial(20240101, TODAY).to, 20240102);
    assert.equal(bumpSerial(2024130101, TODAY).to, 2024130102);
  });

  it('reads the day the client sends', () => {
    assert.deepEqual(parseDay('2026-11-21'), TODAY);
    assert.deepEqual(parseDay('20261121'), TODAY);
    assert.equal(parseDay('2026-02-30'), undefined);
    assert.equal(parseDay('tomorrow'), undefined);
  });
});

describe('serial: plain counters and the wrap', () => {
  it('+1', () => {
    assert.deepEqual(
      [0, 1, 41, 1234567].map((s) => bumpSerial(s, TODAY).to),
      [1, 2, 42, 1234568],
    );
    assert.equal(bumpSerial(41, TODAY).method, 'increment');
  });

  it('4294967295 wraps to 0 per RFC 1982, and the message explains it', () => {
    const b = bumpSerial(MAX_SERIAL, TODAY);
    assert.equal(b.to, 0);
    assert.equal(b.method, 'wrap');
    assert.match(b.message, /RFC 1982/);
    assert.match(b.message, /0 counts as newer/);
    assert.ok(isNewer(0, MAX_SERIAL));
  });

  it('refuses what is not a serial', () => {
    assert.throws(() => bumpSerial(-1, TODAY), RangeError);
    assert.throws(() => bumpSerial(2 ** 32, TODAY), RangeError);
    assert.throws(() => bumpSerial(1.5, TODAY), RangeError);
  });

  it('serial arithmetic: ahead by 1 to 2^31 - 1 is newer, anything else is not', () => {
    assert.ok(isNewer(1, 0));
    assert.ok(isNewer(2 ** 31 - 1, 0));
    assert.ok(!isNewer(2 ** 31, 0));
    assert.ok(!isNewer(5, 5));
    assert.ok(!isNewer(4, 5));
  });

  it('never goes backwards, whatever the serial and the day', () => {
    const day = fc
      .record({
        year: fc.integer({ min: 1990, max: 2150 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
      })
      .map((d): Day => d);
    const dateSerial = fc
      .tuple(day, fc.integer({ min: 0, max: 99 }))
      .map(([d, n]) => (d.year * 10000 + d.month * 100 + d.day) * 100 + n);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: MAX_SERIAL }), dateSerial), day, (serial, today) => {
        const b = bumpSerial(serial, today);
        assert.ok(isNewer(b.to, serial), `${serial} → ${b.to} is newer`);
        assert.ok(b.to >= 0 && b.to <= MAX_SERIAL);
        assert.equal(b.from, serial);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('serial: the bumpOnSave setting', () => {
  it('reads never, ask and always, and keeps never for anything else', () => {
    for (const v of ['never', 'ask', 'always'] as const) {
      assert.equal(parseSettings({ serial: { bumpOnSave: v } }).serial.bumpOnSave, v);
    }
    for (const junk of ['sometimes', 1, null, { a: 1 }]) {
      assert.equal(parseSettings({ serial: { bumpOnSave: junk } }).serial.bumpOnSave, 'never');
    }
    assert.equal(parseSettings({ serial: 'always' }).serial.bumpOnSave, 'never');
  });
});
