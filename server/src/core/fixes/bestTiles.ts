// The tile search's best for every tiled layer of a model, whatever the file writes: the layers'
// figures as analysed where the search already chose their tile, and, for the layers the file tiles
// (or that were costed without a search), those layers alone costed again on the same target with
// their `@tile` set aside. A layer's figures depend on nothing but the layer and the target, so the
// other layers are not recosted. Only per-layer figures: model totals are not recomputed. Pure;
// never throws.
import { costModel, type CostedLayer } from '../cost/analyzeCost';
import type { RooflineAnalysis } from '../roofline';
import type { Layer, ModelResult } from '../semantics/model';

function withoutTile(layer: Layer, index: number): Layer {
  const { tile: _tile, tileSpan: _span, ...rest } = layer;
  // Costed on its own: position 0.. in the small model, no producers inside it.
  return { ...rest, index, producers: [] };
}

/** Per layer index of model `modelIndex`: its figures at the search's best tile; undefined without costs. */
export function searchBest(analysis: RooflineAnalysis, modelIndex: number): CostedLayer[] | undefined {
  try {
    const costed = analysis.costs[modelIndex];
    const model = analysis.models[modelIndex];
    const target = analysis.chosen?.target;
    if (!costed || !model || !target) return undefined;
    const redo = model.layers.filter((l) => l.dims && (l.tile !== undefined || costed.layers[l.index]?.tile?.source === 'none'));
    if (redo.length === 0) return costed.layers;
    const alone: ModelResult = { ...model, layers: redo.map(withoutTile) };
    const searched = costModel(alone, target, { traffic: costed.traffic, execution: costed.execution, search: true });
    const layers = [...costed.layers];
    redo.forEach((l, k) => {
      const c = searched.layers[k];
      if (c) layers[l.index] = { ...c, index: l.index };
    });
    return layers;
  } catch {
    return undefined;
  }
}
