//! The same-statement head: do two renderings report one statement?

use std::path::Path;

use candle_core::{Device, Tensor, D};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

use crate::{find_base, linear, load_error, run_error, Base, EncoderError, Linear};

/// The fitted head: LoRA updates (`NAME.lora_a`, `NAME.lora_b`, scaled by `lora_alpha` /
/// rank), `pooler.dense.*` and `classifier.*`, in half precision.
pub(crate) const HEAD: &[u8] = include_bytes!("../data/quote-variants.safetensors");
/// Sentence pairs longer than this (in word pieces, both together) are cut; the head was
/// fitted at this length.
const MAX_TOKENS: usize = 128;
/// Pairs run through the encoder at once.
const BATCH: usize = 32;

/// Whether two sentences report the same statement: the encoder reads both at once (a
/// cross-encoder) and the fitted head gives the probability. On eval-dev's MSRP quote pairs,
/// none of which it was fitted on, it decides "same statement" at 0.5 (see the README's
/// *Quality and speed*).
pub struct SameStatement {
    encoder: candle_transformers::models::bert::BertModel,
    tokenizer: Tokenizer,
    pooler: Linear,
    classifier: Linear,
}

impl std::fmt::Debug for SameStatement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SameStatement")
    }
}

impl SameStatement {
    /// Loads the encoder from [`find_base`] with the embedded head.
    pub fn load_installed() -> Result<Self, EncoderError> {
        Self::load(&find_base()?)
    }

    /// Loads the encoder from `dir` (`config.json`, `model.safetensors`, `tokenizer.json`)
    /// and adds the embedded head's updates to its weights.
    pub fn load(dir: &Path) -> Result<Self, EncoderError> {
        let base = Base::load(dir, HEAD)?;
        let pooler = base.linear("pooler.dense")?;
        let classifier = base.linear("classifier")?;
        let mut tokenizer = base.tokenizer;
        tokenizer.with_padding(Some(PaddingParams::default()));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| load_error(dir, "tokenizer.json", &e))?;
        Ok(Self {
            encoder: base.encoder,
            tokenizer,
            pooler,
            classifier,
        })
    }

    /// The probability that each pair's two sentences report the same statement, read in both
    /// orders and averaged (the encoder is not symmetric; the answer is).
    pub fn probabilities(&self, pairs: &[(&str, &str)]) -> Result<Vec<f64>, EncoderError> {
        let mut out = Vec::with_capacity(pairs.len());
        for chunk in pairs.chunks(BATCH) {
            let both: Vec<(&str, &str)> = chunk
                .iter()
                .copied()
                .chain(chunk.iter().map(|&(a, b)| (b, a)))
                .collect();
            let p = self.batch(&both)?;
            let n = chunk.len();
            out.extend((0..n).map(|i| 0.5 * (p[i] + p[n + i])));
        }
        Ok(out)
    }

    /// P(same) for one padded batch, in input order.
    fn batch(&self, pairs: &[(&str, &str)]) -> Result<Vec<f64>, EncoderError> {
        let inputs: Vec<tokenizers::EncodeInput<'_>> =
            pairs.iter().map(|&(a, b)| (a, b).into()).collect();
        let encodings = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(run_error)?;
        let device = Device::Cpu;
        let stack = |field: fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, EncoderError> {
            let rows: Vec<Tensor> = encodings
                .iter()
                .map(|e| Tensor::new(field(e), &device))
                .collect::<Result<_, _>>()
                .map_err(run_error)?;
            Tensor::stack(&rows, 0).map_err(run_error)
        };
        let ids = stack(tokenizers::Encoding::get_ids)?;
        let types = stack(tokenizers::Encoding::get_type_ids)?;
        let mask = stack(tokenizers::Encoding::get_attention_mask)?;
        let hidden = self
            .encoder
            .forward(&ids, &types, Some(&mask))
            .map_err(run_error)?;
        // BERT's pooler reads the first ([CLS]) position; the classifier reads the pooler.
        let first = hidden
            .narrow(1, 0, 1)
            .and_then(|t| t.squeeze(1))
            .map_err(run_error)?;
        let pooled = linear(&first, &self.pooler)
            .and_then(|t| t.tanh())
            .map_err(run_error)?;
        let logits = linear(&pooled, &self.classifier).map_err(run_error)?;
        let p = candle_nn::ops::softmax(&logits, D::Minus1)
            .and_then(|t| t.narrow(1, 1, 1))
            .and_then(|t| t.squeeze(1))
            .and_then(|t| t.to_vec1::<f32>())
            .map_err(run_error)?;
        Ok(p.into_iter().map(f64::from).collect())
    }
}
