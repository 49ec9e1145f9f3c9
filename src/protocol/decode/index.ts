/**
 * The decode worker's service: the module stays in the worker (`ModuleInfo` is never cloned)
 * and the panel asks it for windows: the overview, rows of a list, bytes, lines of code.
 */
import type { ParamValidators } from '../rpc/index.ts';
import { arrivalMethodValidators, type ArrivalMethods } from './arrival.ts';
import { codeMethodValidators, type CodeMethods } from './code.ts';
import { moduleMethodValidators, type ModuleMethods } from './methods.ts';
import { sizeMethodValidators, type SizeMethods } from './size.ts';

export * from './overview.ts';
export * from './lists.ts';
export * from './methods.ts';
export * from './arrival.ts';
export * from './code.ts';
export * from './size.ts';

/** Every method of the decode worker. */
export type DecodeApi = ModuleMethods & ArrivalMethods & CodeMethods & SizeMethods;

/** Parameter validators of every {@link DecodeApi} method. */
export const decodeApiValidators: ParamValidators<DecodeApi> = {
  ...moduleMethodValidators,
  ...arrivalMethodValidators,
  ...codeMethodValidators,
  ...sizeMethodValidators,
};
