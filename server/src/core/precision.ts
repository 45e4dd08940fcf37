// Datatypes and their sizes in bytes: fp32 4, fp16/bf16 2, fp8/int8 1, int4 0.5 (cost-model.md);
// int16 2 (16-bit fixed point, as in Eyeriss and many FPGA engines).

export const PRECISION_BYTES = {
  fp32: 4,
  tf32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1,
  int16: 2,
  int4: 0.5,
  int32: 4,
  int64: 8,
  bool: 1,
} as const;

export type Precision = keyof typeof PRECISION_BYTES;

export const PRECISIONS = Object.keys(PRECISION_BYTES) as Precision[];

export function isPrecision(s: string): s is Precision {
  return Object.prototype.hasOwnProperty.call(PRECISION_BYTES, s);
}

export function bytesOf(p: Precision): number {
  return PRECISION_BYTES[p];
}

// ---- precision by role -------------------------------------------------------------------------
// A layer's data has three roles, each with its own datatype: its weights, its activations (inputs
// and outputs; also the math type, whose peak it runs at) and its KV cache. Written
// `weights/activations/kv` (`int4/fp16/int8`, weight-only quantisation with an int8 cache), or one
// name for all three (`fp16`).

export const PRECISION_ROLES = ['weights', 'activations', 'kv'] as const;
export type PrecisionRole = (typeof PRECISION_ROLES)[number];
export type PrecisionRoles = Record<PrecisionRole, Precision>;

/** The same datatype in every role. */
export function uniformRoles(p: Precision): PrecisionRoles {
  return { weights: p, activations: p, kv: p };
}

export function isUniform(r: PrecisionRoles): boolean {
  return r.weights === r.activations && r.kv === r.activations;
}

/** 'fp16' when every role has it, else 'int4/fp16/int8' (weights/activations/kv). */
export function rolesText(r: PrecisionRoles): string {
  return isUniform(r) ? r.activations : PRECISION_ROLES.map((k) => r[k]).join('/');
}

/** Why a precision text is not one: a name that is no datatype, or the wrong number of names. */
export type RolesProblem = { unknown: string } | { count: number };

/** `fp16` or `int4/fp16/int8` (weights/activations/kv); the problem otherwise. */
export function parsePrecisionRoles(text: string): PrecisionRoles | RolesProblem {
  const names = text.split('/').map((s) => s.trim());
  for (const n of names) if (!isPrecision(n)) return { unknown: n };
  if (names.length !== 1 && names.length !== 3) return { count: names.length };
  const p = names as Precision[];
  return p.length === 1 ? uniformRoles(p[0]) : { weights: p[0], activations: p[1], kv: p[2] };
}

/** The problem in words (for a diagnostic or a usage error). */
export function rolesProblemText(text: string, p: RolesProblem): string {
  return 'unknown' in p
    ? `unknown precision '${p.unknown}' (known: ${PRECISIONS.join(', ')})`
    : `'${text}' names ${p.count} datatypes: give one for every role, or three as weights/activations/kv (e.g. int4/fp16/int8)`;
}

export function isRolesProblem(r: PrecisionRoles | RolesProblem): r is RolesProblem {
  return 'unknown' in r || 'count' in r;
}

/** The roles of a layer (or anything with a precision and optional roles): `roles`, else its precision in every role. */
export function rolesOf(x: { precision: Precision; roles?: PrecisionRoles }): PrecisionRoles {
  return x.roles ?? uniformRoles(x.precision);
}

/** The datatype of one role of a layer (`rolesOf(x)[role]`, without making the roles object). */
export function roleOf(x: { precision: Precision; roles?: PrecisionRoles }, role: keyof PrecisionRoles): Precision {
  return x.roles?.[role] ?? x.precision;
}

/** A precision as options give it: one datatype for every role, or one per role. */
export type PrecisionOption = Precision | PrecisionRoles;

export function toRoles(p: PrecisionOption): PrecisionRoles {
  return typeof p === 'string' ? uniformRoles(p) : p;
}
