/**
 * The ribbon's function file. "Validate job plan" is a ShowTaskpane button, so there are no ExecuteFunction
 * commands; Office requires the page to load Office.js and call Office.onReady all the same.
 */
if (typeof Office !== 'undefined') void Office.onReady();
