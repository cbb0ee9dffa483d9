/**
 * The task pane's entry point: find out whether it runs inside Excel, connect the matching workbook gateway (the
 * open workbook through Office.js, or an .xlsx file chosen in the browser), start the engine worker, and bind the
 * view. `?today=YYYY-MM-DD` fixes the evaluation date (tests compare the pane with the CLI on the same day).
 */
import './taskpane.css';
import { createFileGateway } from '../browser/file-gateway.js';
import { PaneController, messageOf } from './controller.js';
import { createEngineClient } from './engine-client.js';
import { documentMapMemory, officeDocumentSettings, sessionMapMemory } from './map-memory.js';
import { connectExcel, insideExcel, officeTheme } from './office-host.js';
import { applyTheme, browserPrefersDark, paneTheme } from './theme.js';
import { bindView } from './view.js';
import { localToday, parseDateInput } from './view-model.js';

// The old-webview check (webview-check.js, a classic script) looks for this once the page has loaded: set, the pane
// started; missing, the webview could not run this module and the check shows its message instead.
(window as Window & { jobplanPaneStarted?: boolean }).jobplanPaneStarted = true;

async function main(): Promise<void> {
  applyTheme(paneTheme(null, browserPrefersDark()));
  const params = new URLSearchParams(location.search);
  const asked = parseDateInput(params.get('today') ?? '');
  const today = asked === null || asked === 'invalid' ? localToday() : asked;
  const engine = createEngineClient({ forcePage: params.get('worker') === 'off' });
  // A loaded map is remembered with the workbook inside Excel (its add-in settings), for the session outside.
  const session = sessionMapMemory();
  const mapMemory = (gateway: { readonly kind: 'excel' | 'file' }) => {
    const settings = gateway.kind === 'excel' ? officeDocumentSettings() : null;
    return settings ? documentMapMemory(settings) : session;
  };
  const controller = new PaneController(engine, { today, mapMemory });
  bindView(controller);
  const started = controller.start();
  const modeLine = document.getElementById('mode-line')!;
  const connect = async (): Promise<void> => {
    applyTheme(paneTheme(officeTheme(), browserPrefersDark()));
    try {
      controller.setGateway(await connectExcel());
      modeLine.textContent = 'Checks the workbook open in Excel against the Trust\'s job planning policy.';
    } catch (error) {
      modeLine.textContent = 'Could not connect to Excel.';
      controller.showError(`Could not connect to the workbook: ${messageOf(error)}. Close the pane and open it again.`);
    }
  };
  // Office may say "Excel" only after the wait (a slow start): the pane then leaves file mode for Excel mode.
  const late = (): void => {
    document.getElementById('file-section')!.hidden = true;
    void connect();
  };
  if (await insideExcel(undefined, late)) {
    await connect();
  } else {
    modeLine.textContent = 'Outside Excel: choose a job plan workbook or register to check it here in your browser.';
    const section = document.getElementById('file-section')!;
    section.hidden = false;
    const input = document.getElementById('xlsx-input') as HTMLInputElement;
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return;
      document.getElementById('file-name')!.textContent = `Chosen: ${file.name}`;
      controller.setGateway(createFileGateway(file.name, new Uint8Array(await file.arrayBuffer()), (name, bytes) => engine.readXlsx(name, bytes)));
      await controller.validate();
    });
  }
  await started;
  document.body.dataset.ready = 'true';
}

main().catch((error: unknown) => {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = `The pane could not start: ${messageOf(error)}. Reload it; if this persists, tell your jobplan administrator.`;
    status.dataset.tone = 'error';
  }
});
