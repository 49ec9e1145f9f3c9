/**
 * The type section as text: `(type …)` entries, `(rec …)` groups, `sub`/`sub final`, and the
 * func, struct, array and cont composite types. wabt prints function types; the GC forms
 * follow the standard text format.
 */
import { moduleNames, nameOrIndex } from './names.ts';
import { printFieldType, typeList } from './value-types.ts';
import type { CompositeType, ModuleInfo, SubTypeInfo } from '../types.ts';

/** The lines of the type section, each a complete `(type …)` or `(rec …)` form. */
export function printTypeSection(info: ModuleInfo): string[] {
  const lines: string[] = [];
  for (const group of info.recGroups) {
    const entries: string[] = [];
    for (let i = group.firstType; i < group.firstType + group.count; i++) {
      entries.push(printTypeEntry(info, i));
    }
    lines.push(group.explicit ? `(rec ${entries.join(' ')})` : entries.join(' '));
  }
  return lines;
}

/** `(type $name <subtype>)` for type index `typeIndex`. */
function printTypeEntry(info: ModuleInfo, typeIndex: number): string {
  const name = moduleNames(info).types.get(typeIndex) ?? `(;${typeIndex};)`;
  return `(type ${name} ${printSubType(info, typeIndex, info.types[typeIndex])})`;
}

function printSubType(info: ModuleInfo, typeIndex: number, sub: SubTypeInfo): string {
  const composite = printComposite(info, typeIndex, sub.composite);
  if (!sub.explicitSub) return composite;
  const names = moduleNames(info).types;
  const parts = ['sub'];
  if (sub.final) parts.push('final');
  for (const supertype of sub.supertypes) parts.push(nameOrIndex(names, supertype));
  parts.push(composite);
  return `(${parts.join(' ')})`;
}

/**
 * A composite type's text: `(func (param …) (result …))`, `(struct (field …) …)` with the name
 * section's field names, `(array …)` or `(cont $t)`. `typeIndex` is the type it defines (for
 * its field names). Never fails.
 */
export function printComposite(
  info: ModuleInfo,
  typeIndex: number,
  composite: CompositeType,
): string {
  switch (composite.kind) {
    case 'func': {
      const parts = [
        'func',
        typeList(info, 'param', composite.params),
        typeList(info, 'result', composite.results),
      ];
      return `(${parts.filter((p) => p !== '').join(' ')})`;
    }
    case 'struct': {
      const fieldNames = info.names.fields.get(typeIndex);
      const fields = composite.fields.map((field, i) => {
        const name = fieldNames?.get(i);
        return `(field ${name === undefined ? '' : `$${name} `}${printFieldType(info, field)})`;
      });
      return `(${['struct', ...fields].join(' ')})`;
    }
    case 'array':
      return `(array ${printFieldType(info, composite.element)})`;
    case 'cont':
      return `(cont ${nameOrIndex(moduleNames(info).types, composite.funcTypeIndex)})`;
  }
}
