/** Where each extracted value came from, so every finding can point at cells. */

export interface CellRef {
  readonly sheet: string;
  /** A1 address, or a range such as `A5:H5` for a whole row of a list. */
  readonly cell: string;
}

/**
 * Keys are field paths: `meeting_date`, `activities[2].pas`, `activities[2]` (the whole row), `activities`
 * (the list's header row). A field whose label was found but whose value is empty still has its cell,
 * so a "missing" finding points at where to type it.
 */
export type CellMap = Readonly<Record<string, CellRef>>;
