// A relation: the ordered, typed columns of a table or of an operator's output.

import type { DataType, SemanticType } from './datatype.js';
import type { Column } from './column.js';

export interface ColumnInfo {
  readonly name: string;
  readonly type: DataType;
  readonly semanticType: SemanticType;
  readonly desc: string;
}

export type Relation = readonly ColumnInfo[];

/** A batch of rows in columnar form; `columns[i]` matches the relation's i-th column. */
export interface RowBatch {
  readonly numRows: number;
  readonly columns: readonly Column[];
}
