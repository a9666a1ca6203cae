// Entry "rodare-a11y" (site/rodare_rdm/webpack.py), loaded on every page by
// rodare_rdm/theme/javascript.html: repairs the known ARIA defects of upstream widgets
// (./repairs.js) in the page as served and in whatever React renders into it later.
import { repairAll } from "./repairs";

repairAll(document);
// A MutationObserver's callback runs once per batch of changes (one React commit), before
// the browser paints or runs the next script: no one meets an unrepaired widget. Only added
// and removed nodes are watched: the repairs change attributes, so they do not wake it again
// (all but the <dl> one, whose second pass finds nothing to do).
new MutationObserver(() => repairAll(document)).observe(document.body, {
  childList: true,
  subtree: true,
});
