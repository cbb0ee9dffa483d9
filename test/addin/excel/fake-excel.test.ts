/**
 * The fake is only worth its tests if it fails the mistakes real Excel fails: these prove it does (a read before
 * load or sync, a dead context, a newer API than the host has, a payload past 5 MB, a formula-looking text written
 * into a cell not formatted as text, an operation on a missing sheet).
 */
import { describe, expect, it } from 'vitest';
import { createFakeExcel, installFakeOffice, PropertyNotLoadedError, type FakeWorkbookData } from '../fake-excel/fake-excel.js';

const data: FakeWorkbookData = { title: 'plan.xlsx', sheets: [{ name: 'Details', values: [['Name', 'Dr A'], ['Meeting', 46023]], numberFormat: [['General', 'General'], ['General', 'dd/mm/yyyy']] }] };

describe('the strict fake Excel', () => {
  it('throws PropertyNotLoaded for a property not loaded, or loaded but not yet synced, and counts syncs', async () => {
    const { state, run } = createFakeExcel(data);
    await run(async (context) => {
      const range = context.workbook.worksheets.getItem('Details').getRange('A1:B2');
      expect(() => range.values).toThrow(PropertyNotLoadedError);
      range.load('values');
      expect(() => range.values).toThrow(PropertyNotLoadedError);
      await context.sync();
      expect(range.values).toEqual([['Name', 'Dr A'], ['Meeting', 46023]]);
      expect(() => range.numberFormat).toThrow(/PropertyNotLoaded/);
      expect(() => range.load('everything')).toThrow(/no loadable property/);
    });
    expect(state.syncs).toBe(2);
  });

  it('answers loads with the values as of that sync, not later changes', async () => {
    const { run } = createFakeExcel(data);
    await run(async (context) => {
      const cell = context.workbook.worksheets.getItem('Details').getRange('B1');
      cell.load('values');
      await context.sync();
      cell.values = [['Dr B']];
      await context.sync();
      expect(cell.values).toEqual([['Dr A']]);
    });
  });

  it('fails the sync, not the call, for a missing sheet or a bad address; isNullObject only after a sync', async () => {
    const { run } = createFakeExcel(data);
    await expect(run(async (context) => {
      context.workbook.worksheets.getItem('Gone').getRange('A1').select();
      await context.sync();
    })).rejects.toMatchObject({ code: 'ItemNotFound' });
    await expect(run(async (context) => {
      context.workbook.worksheets.getItem('Details').getRange('A0').load('values');
      await context.sync();
    })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject('Gone');
      expect(() => sheet.isNullObject).toThrow(PropertyNotLoadedError);
      await context.sync();
      expect(sheet.isNullObject).toBe(true);
    });
  });

  it('refuses objects used after their Excel.run, unless run again with their context', async () => {
    const { run } = createFakeExcel(data);
    const sheet = await run(async (context) => context.workbook.worksheets.getItem('Details'));
    expect(() => sheet.activate()).toThrow(/InvalidObjectPath/);
    await run(sheet.context, async (context) => {
      sheet.activate();
      await context.sync();
    });
  });

  it('fails APIs newer than the host\'s requirement set, and isSetSupported says which', async () => {
    const old = createFakeExcel(data);
    expect(old.isSetSupported('ExcelApi', '1.7')).toBe(true);
    expect(old.isSetSupported('ExcelApi', '1.9')).toBe(false);
    await expect(old.run(async (context) => context.workbook.worksheets.onChanged.add(() => undefined))).rejects.toMatchObject({ code: 'ApiNotFound' });
    const newer = createFakeExcel(data, { apiVersion: '1.12' });
    expect(newer.isSetSupported('ExcelApi', '1.9')).toBe(true);
    await newer.run(async (context) => context.workbook.worksheets.onChanged.add(() => undefined));
  });

  it('refuses a request or response past the payload limit, as Excel on the web does past 5 MB', async () => {
    const big: FakeWorkbookData = { sheets: [{ name: 'Big', values: Array.from({ length: 1_000 }, () => ['x'.repeat(200)]) }] };
    const { state, run } = createFakeExcel(big, { payloadLimit: 100_000 });
    await expect(run(async (context) => {
      context.workbook.worksheets.getItem('Big').getRange('A1:A1000').load('values');
      await context.sync();
    })).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
    await expect(run(async (context) => {
      context.workbook.worksheets.getItem('Big').getRange('B1:B1000').values = Array.from({ length: 1_000 }, () => ['y'.repeat(200)]);
      await context.sync();
    })).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(state.refusedSyncs).toBe(2);
  });

  it('makes "=..." a formula unless the cell is formatted as text first', async () => {
    const { state, run } = createFakeExcel(data);
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Details');
      sheet.getRange('C1').values = [['=1+1']];
      const text = sheet.getRange('C2');
      text.numberFormat = [['@']];
      text.values = [['=1+1']];
      await context.sync();
    });
    const details = state.sheets[0]!;
    expect([...details.formulas.keys()]).toEqual(['C1']);
    expect(details.values[1]![2]).toBe('=1+1');
    expect(state.writes.map((w) => [w.address, w.textFormat])).toEqual([['C1', false], ['C2', true]]);
  });

  it('installs Office and Excel globals for a page', async () => {
    const host: Record<string, unknown> = {};
    const state = installFakeOffice(host, data, { apiVersion: '1.9' });
    const office = host['Office'] as { onReady(): Promise<{ host: string }>; context: { requirements: { isSetSupported(n: string, v: string): boolean } } };
    expect((await office.onReady()).host).toBe('Excel');
    expect(office.context.requirements.isSetSupported('ExcelApi', '1.9')).toBe(true);
    const excel = host['Excel'] as { run: ReturnType<typeof createFakeExcel>['run'] };
    await excel.run(async (context) => {
      context.workbook.load('name');
      await context.sync();
      expect(context.workbook.name).toBe('plan.xlsx');
    });
    expect(state.syncs).toBe(2);
  });
});
