// The class named in `architectures` decides the head on top of the base model, and the module
// path prefix of the base model's layers (LlamaForCausalLM: `model.` and `lm_head`; LlamaModel: no
// prefix, no head). Heads as the transformers classes build them:
//   *ForCausalLM, GPT2LMHeadModel  lm_head (vocab x hidden, no bias), tied to the token embedding
//                                  when tie_word_embeddings (the family's default when absent)
//   BertForMaskedLM                cls.predictions: transform (dense + bias, act, LayerNorm) and the
//                                  decoder, tied to the word embeddings, with its own bias; no pooler
//   BertForPreTraining             the same, the pooler, and cls.seq_relationship (hidden x 2 + 2)
//   *ForSequenceClassification     BERT: pooler + classifier (with bias); decoders: score (no bias)
//   *ForTokenClassification        a classifier with bias on every position
//   *Model                         none (BertModel keeps its pooler)
// The number of labels is the size of id2label (HF's default: 2).
import type { Head } from '../transformer/spec';
import type { ConfigReader } from './configReader';
import type { Family } from './families';

export interface HeadChoice {
  head: Head;
  prefix: string;
}

export function headFor(cls: string, family: Family, r: ConfigReader): HeadChoice | undefined {
  if (!cls.startsWith(family.classStem)) return undefined;
  const rest = cls.slice(family.classStem.length);
  const bert = family.naming === 'bert';
  const tied = () => r.bool('tie_word_embeddings', family.tieDefault);
  const labels = () => r.objectSize('id2label') ?? r.count('num_labels', 2);
  const prefix = family.basePrefix;
  switch (rest) {
    case 'Model':
      return { head: { kind: 'none', pooler: bert }, prefix: '' };
    case 'ForCausalLM':
    case 'LMHeadModel':
      return bert ? undefined : { head: { kind: 'lm', tied: tied(), bias: false }, prefix };
    case 'ForMaskedLM':
      return bert ? { head: { kind: 'mlm', nsp: false, pooler: false, tied: tied() }, prefix } : undefined;
    case 'ForPreTraining':
      return bert ? { head: { kind: 'mlm', nsp: true, pooler: true, tied: tied() }, prefix } : undefined;
    case 'ForSequenceClassification':
      return { head: { kind: 'classifier', labels: labels(), pooler: bert, bias: family.classifier.bias, name: family.classifier.name }, prefix };
    case 'ForTokenClassification':
      return { head: { kind: 'classifier', labels: labels(), pooler: false, bias: true, name: family.naming === 'llama' ? 'score' : 'classifier' }, prefix };
    default:
      return undefined;
  }
}
