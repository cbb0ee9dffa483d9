/**
 * The fake is only worth its tests if it fails the mistakes real Excel fails: these prove it does (a read before
 * load or sync, a dead context, a newer API than the host has, a payload past 5 MB counted from the JSON that would be
 * sent, a formula-looking text written into a cell not already formatted as text, an operation on a missing sheet, a
 * property of a collection's items that was not loaded), and that it behaves as Excel does where the add-in once
 * differed (1904 dates, change events raised by the add-in's own writes, Excel.run's closing sync).
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
    // The add-in's one sync; Excel.run's closing sync had nothing to send, so it is no round trip and not counted.
    expect(state.syncs).toBe(1);
    expect(state.closingSyncs).toBe(0);
    await run(async (context) => {
      context.workbook.worksheets.getItem('Details').getRange('C1').values = [['x']];
    });
    expect([state.syncs, state.closingSyncs]).toEqual([1, 1]);
  });

  it('fills only the loaded property of a collection\'s items: items/name gives names, and an id read then throws', async () => {
    const { run } = createFakeExcel(data);
    await run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      expect(sheets.items[0]!.name).toBe('Details');
      expect(() => sheets.items[0]!.id).toThrow(PropertyNotLoadedError);
      expect(() => sheets.items[0]!.visibility).toThrow(PropertyNotLoadedError);
      sheets.load('items/name,items/id');
      await context.sync();
      expect(sheets.items[0]!.id).toMatch(/^\{sheet-/);
    });
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

  it('makes "=…", "+…", "-…" and "@…" formulas (or numbers) unless the cell was formatted as text in an earlier sync', async () => {
    const { state, run } = createFakeExcel(data);
    const texts = ['=1+1', '+A1', '-x', '@SUM(A1)', '-5', "'=kept as text", 'plain'];
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Details');
      // Row 3: General. Row 4: text format set in the same batch as the values. Row 5: text format set a sync before.
      sheet.getRange('A3:G3').values = [texts];
      const sameBatch = sheet.getRange('A4:G4');
      sameBatch.numberFormat = [texts.map(() => '@')];
      sameBatch.values = [texts];
      const earlier = sheet.getRange('A5:G5');
      earlier.numberFormat = [texts.map(() => '@')];
      await context.sync();
      earlier.values = [texts];
      await context.sync();
    });
    const details = state.sheets[0]!;
    const formulas = [...details.formulas.keys()].sort();
    expect(formulas).toEqual(['A3', 'A4', 'B3', 'B4', 'C3', 'C4', 'D3', 'D4']);
    expect(details.formulas.get('D3')).toBe('=@SUM(A1)');
    expect(details.values[2]!.slice(4)).toEqual([-5, '=kept as text', 'plain']);
    expect(details.values[4]).toEqual(texts);
    expect(state.writes.map((w) => [w.address, w.textFormat, w.storedAsText])).toEqual([['A3:G3', false, false], ['A4:G4', true, false], ['A5:G5', true, true]]);
  });

  it('raises the change events of the add-in\'s own writes before the writing sync returns, as Excel does', async () => {
    const { state, run } = createFakeExcel(data, { apiVersion: '1.9' });
    const seen: string[] = [];
    await run(async (context) => {
      context.workbook.worksheets.onChanged.add(async (event) => { seen.push(`${event.worksheetId} ${event.address}`); });
      await context.sync();
      context.workbook.worksheets.getItem('Details').getRange('C1:C2').values = [['a'], ['b']];
      await context.sync();
      // Already called: an add-in that learns which sheet is its own only after this sync is too late.
      expect(seen).toEqual([`${state.sheets[0]!.id} C1:C2`]);
      context.workbook.worksheets.getItem('Details').getRange('C1:C2').clear();
    });
    await state.settleEvents();
    expect(seen).toHaveLength(2);
    expect(state.ownWriteEvents.map((e) => e.address)).toEqual(['C1:C2', 'C1:C2']);
  });

  it('estimates a request from the JSON Office.js would send, so long arguments count', async () => {
    const { state, run } = createFakeExcel(data, { payloadLimit: 50_000 });
    // 100 conditional formats with a 1,000-character formula: about 100 KB of request (64 bytes an action would say 19 KB).
    await expect(run(async (context) => {
      const range = context.workbook.worksheets.getItem('Details').getRange('A1');
      for (let i = 0; i < 100; i++) {
        const format = range.conditionalFormats.add('Custom');
        format.custom.rule.formula = `=ISTEXT("${'x'.repeat(1_000)}")`;
        format.custom.format.fill.color = '#FFC7CE';
      }
      await context.sync();
    })).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(state.refusedSyncs).toBe(1);
  });

  it('keeps a 1904 workbook\'s serials, and answers DATE in the workbook\'s date system', async () => {
    for (const date1904 of [false, true]) {
      const { run } = createFakeExcel({ ...data, date1904 });
      await run(async (context) => {
        const epoch = context.workbook.functions.date(1904, 1, 1).load('value');
        const day = context.workbook.functions.date(2026, 9, 1).load('value');
        await context.sync();
        expect([epoch.value, day.value]).toEqual(date1904 ? [0, 44804] : [1462, 46266]);
      });
    }
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
    expect(state.syncs).toBe(1);
  });
});
