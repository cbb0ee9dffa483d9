/**
 * The stub Office/Excel host the end-to-end test serves in place of office.js: the strict fake Excel of
 * test/addin/fake-excel/, installed as the `Office` and `Excel` globals and preloaded with the workbook data the test
 * puts in `__JOBPLAN_WORKBOOK__` (with the options in `__JOBPLAN_FAKE_OPTIONS__` when the test sets them: a late
 * Office.onReady). The fake's state (syncs, selection, writes) is left on `window.__fakeExcel`.
 */
import { installFakeOffice, type FakeOptions, type FakeWorkbookData } from '../fake-excel/fake-excel.js';

const host = globalThis as unknown as Record<string, unknown> & { __JOBPLAN_WORKBOOK__: FakeWorkbookData; __JOBPLAN_FAKE_OPTIONS__?: FakeOptions };
host['__fakeExcel'] = installFakeOffice(host, host.__JOBPLAN_WORKBOOK__, host.__JOBPLAN_FAKE_OPTIONS__ ?? {});
