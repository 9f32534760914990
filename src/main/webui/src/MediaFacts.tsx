import { mediaFacts, type MediaFactsInput } from './lib/mediaFacts';
import { KV } from './ui';

/** What the server's probe read from a media item's headers: duration, resolution, fps, codecs. */
export function MediaFacts({ media }: { media?: MediaFactsInput | null }) {
  const facts = mediaFacts(media);
  if (facts.length === 0) return null;
  return (
    <div class="media-facts" aria-label="Media facts">
      <h3>Media</h3>
      <KV rows={facts} />
    </div>
  );
}
