/**
 * Module skeletons: a large module's structure without its bulk payloads, sent ahead of the
 * full bytes so its overview can show early. The hook and the background write them
 * ({@link squeezeModule}); the panel's decode worker expands them ({@link expandSkeleton}).
 */
export { HoleKind, SKELETON_MAGIC, SKELETON_VERSION, SkeletonError } from './format.ts';
export {
  SKELETON_MIN_MODULE_BYTES,
  runInSlices,
  squeezeModule,
  type SqueezeOptions,
} from './squeeze.ts';
export { expandSkeleton, skeletonModuleSize } from './expand.ts';
