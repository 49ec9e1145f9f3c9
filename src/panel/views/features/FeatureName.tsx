/** A proposal's name as the feature table writes it, linked to the proposal. */
import type { Feature } from '../../../wasm/index.ts';
import { featureTitle, featureUrl } from '../../state/index.ts';

/** A proposal's name from the table, with the decoder's name beside it and a link to it. */
export function FeatureName({ feature }: { feature: Feature }) {
  const url = featureUrl(feature);
  const title = featureTitle(feature);
  return (
    <>
      {url ? (
        <a href={url} target="_blank" rel="noreferrer" class="link">
          {title}
        </a>
      ) : (
        title
      )}
      {title !== feature ? <span class="subtle mono feature-id"> {feature}</span> : null}
    </>
  );
}
