/**
 * Custom sections: the `name` section, `producers`, `target_features`, `dylink.0`,
 * `sourceMappingURL`, `build_id` and the list of DWARF sections, read into `ModuleInfo`.
 */
export { readCustomSection } from './custom-sections.ts';
export { emptyNames } from './name-section.ts';
