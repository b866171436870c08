// The model's findings about a written annotation, moved to the line that writes it (a patch
// in the network's folder, a component, `commonAnnotations`). Reads only when there is such a
// finding, only files of the folder's kustomization graph, each once, within the YAML size bound.
import type { Finding } from '../findings.js';
import type { ModelFinding } from '../model/network.js';
import { annotationSettingLine, type SourceText } from '../render/settingLines.js';
import type { FolderGraph } from '../repo/kustomizeGraph.js';

export type ReadText = (file: string) => Promise<string | undefined>;

const PATCH_FILE = /\.(ya?ml|json)$/;
const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

async function graphTexts(graph: Pick<FolderGraph, 'deps' | 'kustomizations'>, read: ReadText): Promise<SourceText[]> {
  const texts: SourceText[] = graph.kustomizations.map((k) => ({ file: k.file, text: k.content }));
  const known = new Set(texts.map((t) => t.file));
  const others = [...graph.deps].filter((d) => PATCH_FILE.test(d) && !KUSTOMIZATION_FILE.test(d) && !known.has(d)).sort();
  for (const file of others) {
    const text = await read(file);
    if (text !== undefined) texts.push({ file, text });
  }
  return texts;
}

export async function locateModelFindings(found: readonly ModelFinding[], graph: Pick<FolderGraph, 'source' | 'deps' | 'kustomizations'> | undefined, read: ReadText): Promise<Finding[]> {
  let texts: Promise<SourceText[]> | undefined;
  const out: Finding[] = [];
  for (const { finding, at } of found) {
    if (!at || !graph) {
      out.push(finding);
      continue;
    }
    texts ??= graphTexts(graph, read);
    const set = annotationSettingLine(await texts, graph.source, at);
    out.push(set ? { ...finding, file: set.file, line: set.line } : finding);
  }
  return out;
}
