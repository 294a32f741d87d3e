// Syntax tree of the PxL subset. Every node carries [start, end) offsets into its Source;
// line/column are derived only when an error is reported.

export interface Loc {
  readonly start: number;
  readonly end: number;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '//' | '**' | '&' | '|' | '^' | '<<' | '>>' | '@';
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';
export type UnaryOperator = '-' | '+' | '~' | 'not';

export type Expr =
  | NameExpr
  | IntLiteral
  | FloatLiteral
  | StringLiteral
  | BoolLiteral
  | NoneLiteral
  | ListExpr
  | TupleExpr
  | DictExpr
  | AttributeExpr
  | SubscriptExpr
  | CallExpr
  | BinaryExpr
  | UnaryExpr
  | BoolOpExpr
  | CompareExpr;

export interface NameExpr extends Loc { readonly kind: 'Name'; readonly id: string }
export interface IntLiteral extends Loc { readonly kind: 'Int'; readonly value: bigint }
export interface FloatLiteral extends Loc { readonly kind: 'Float'; readonly value: number }
export interface StringLiteral extends Loc { readonly kind: 'String'; readonly value: string }
export interface BoolLiteral extends Loc { readonly kind: 'Bool'; readonly value: boolean }
export interface NoneLiteral extends Loc { readonly kind: 'None' }
export interface ListExpr extends Loc { readonly kind: 'List'; readonly items: readonly Expr[] }
export interface TupleExpr extends Loc { readonly kind: 'Tuple'; readonly items: readonly Expr[] }
export interface DictExpr extends Loc {
  readonly kind: 'Dict';
  readonly entries: ReadonlyArray<{ readonly key: Expr; readonly value: Expr }>;
}
export interface AttributeExpr extends Loc {
  readonly kind: 'Attribute';
  readonly object: Expr;
  readonly name: string;
  /** Offset of the attribute name, for errors that point at it. */
  readonly nameStart: number;
}
export interface SubscriptExpr extends Loc { readonly kind: 'Subscript'; readonly object: Expr; readonly index: Expr }
export interface KeywordArg extends Loc { readonly name: string; readonly value: Expr }
export interface CallExpr extends Loc {
  readonly kind: 'Call';
  readonly callee: Expr;
  readonly args: readonly Expr[];
  readonly keywords: readonly KeywordArg[];
}
export interface BinaryExpr extends Loc {
  readonly kind: 'Binary';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  /** Offset of the operator token. */
  readonly opStart: number;
}
export interface UnaryExpr extends Loc { readonly kind: 'Unary'; readonly op: UnaryOperator; readonly operand: Expr }
export interface BoolOpExpr extends Loc {
  readonly kind: 'BoolOp';
  readonly op: 'and' | 'or';
  readonly left: Expr;
  readonly right: Expr;
  readonly opStart: number;
}
export interface CompareExpr extends Loc {
  readonly kind: 'Compare';
  readonly op: CompareOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly opStart: number;
}

export type Stmt = ImportStmt | FromImportStmt | AssignStmt | ExprStmt | FunctionDef | ReturnStmt;

export interface ImportStmt extends Loc {
  readonly kind: 'Import';
  readonly names: ReadonlyArray<{ readonly module: string; readonly alias: string | undefined } & Loc>;
}
export interface FromImportStmt extends Loc {
  readonly kind: 'FromImport';
  readonly module: string;
  readonly names: ReadonlyArray<{ readonly name: string; readonly alias: string | undefined } & Loc>;
}
export interface AssignStmt extends Loc {
  readonly kind: 'Assign';
  /** Name, Attribute or Subscript; the parser rejects every other target. */
  readonly target: NameExpr | AttributeExpr | SubscriptExpr;
  readonly value: Expr;
}
export interface ExprStmt extends Loc { readonly kind: 'Expr'; readonly expr: Expr }
export interface Param extends Loc {
  readonly name: string;
  readonly annotation: Expr | undefined;
}
export interface FunctionDef extends Loc {
  readonly kind: 'FunctionDef';
  readonly name: string;
  readonly params: readonly Param[];
  readonly returns: Expr | undefined;
  readonly docstring: string | undefined;
  readonly body: readonly Stmt[];
}
export interface ReturnStmt extends Loc { readonly kind: 'Return'; readonly value: Expr | undefined }

export interface Module extends Loc {
  readonly kind: 'Module';
  readonly docstring: string | undefined;
  readonly body: readonly Stmt[];
}
