//! The attribution tagger: which word pieces of an article are what someone said (content),
//! who said it (source) and the verb or phrase that says so (cue).

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_transformers::models::bert::BertModel;
use tokenizers::Tokenizer;

use crate::{find_base, linear, load_error, run_error, Base, EncoderError, Linear};

/// The fitted head: LoRA updates of the encoder and `tagger.*`, a linear layer giving each
/// word piece [`CONTENT_TAGS`] then [`ROLE_TAGS`] scores, in half precision.
pub(crate) const HEAD: &[u8] = include_bytes!("../data/quote-tagger.safetensors");
/// Content tags, in the head's order: outside, first piece of a content span (or of one of its
/// fragments), inside.
pub const CONTENT_TAGS: [&str; 3] = ["O", "B", "I"];
/// Role tags, in the head's order.
pub const ROLE_TAGS: [&str; 5] = ["O", "B-source", "I-source", "B-cue", "I-cue"];
/// Word pieces per window, `[CLS]` and `[SEP]` included: the length the head was fitted at.
const WINDOW: usize = 256;
/// Windows start this many pieces apart, so each piece is read in two windows and its tags come
/// from the one where it has the most context on both sides.
const STRIDE: usize = 127;
/// Windows run through the encoder at once.
const BATCH: usize = 16;

/// One word piece of the text with its tag probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct PieceTags {
    /// Byte offset of the piece in the text.
    pub start: usize,
    /// Byte offset just past the piece.
    pub end: usize,
    /// Probabilities of [`CONTENT_TAGS`].
    pub content: [f32; 3],
    /// Probabilities of [`ROLE_TAGS`].
    pub role: [f32; 5],
}

/// Tags each word piece of an article as content, source or cue of an attribution (two tag
/// sets: a nested attribution's source and cue sit inside another's content). Fitted on
/// eval-dev's PolNeAR training month (`scripts/train-quote-tagger.py`).
pub struct AttributionTagger {
    encoder: BertModel,
    tokenizer: Tokenizer,
    tagger: Linear,
    /// `[CLS]`, `[SEP]`, `[PAD]`.
    special: [u32; 3],
}

impl std::fmt::Debug for AttributionTagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AttributionTagger")
    }
}

impl AttributionTagger {
    /// Loads the encoder from [`find_base`] with the embedded head.
    pub fn load_installed() -> Result<Self, EncoderError> {
        Self::load(&find_base()?)
    }

    /// Loads the encoder from `dir` (`config.json`, `model.safetensors`, `tokenizer.json`)
    /// and adds the embedded head's updates to its weights.
    pub fn load(dir: &Path) -> Result<Self, EncoderError> {
        let base = Base::load(dir, HEAD)?;
        let tagger = base.linear("tagger")?;
        let mut tokenizer = base.tokenizer;
        // Whole articles: windows are cut here, not by the tokenizer.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| load_error(dir, "tokenizer.json", &e))?;
        let id = |t: &str| {
            tokenizer.token_to_id(t).ok_or_else(|| {
                load_error(dir, "tokenizer.json", &format!("the vocabulary lacks {t}"))
            })
        };
        let special = [id("[CLS]")?, id("[SEP]")?, id("[PAD]")?];
        Ok(Self {
            encoder: base.encoder,
            tokenizer,
            tagger,
            special,
        })
    }

    /// The word pieces of `text` with their tags, in text order.
    pub fn tag(&self, text: &str) -> Result<Vec<PieceTags>, EncoderError> {
        let enc = self.tokenizer.encode(text, false).map_err(run_error)?;
        let ids = enc.get_ids();
        let n = ids.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        let inner = WINDOW - 2;
        let mut starts = vec![0];
        while starts.last().is_some_and(|&s| s + inner < n) {
            starts.push(starts.last().copied().unwrap_or(0) + STRIDE);
        }
        // For each piece, the scores read where it had the most context, and that margin.
        let mut best: Vec<(isize, Vec<f32>)> = vec![(-1, Vec::new()); n];
        for batch in starts.chunks(BATCH) {
            let scores = self.run(ids, batch)?;
            for (&lo, rows) in batch.iter().zip(scores) {
                let len = rows.len();
                for (k, row) in rows.into_iter().enumerate() {
                    let margin = k.min(len - 1 - k) as isize;
                    if margin > best[lo + k].0 {
                        best[lo + k] = (margin, row);
                    }
                }
            }
        }
        Ok(enc
            .get_offsets()
            .iter()
            .zip(best)
            .map(|(&(start, end), (_, row))| {
                let mut content = [0.0; 3];
                let mut role = [0.0; 5];
                softmax_into(&row[..3], &mut content);
                softmax_into(&row[3..], &mut role);
                PieceTags {
                    start,
                    end,
                    content,
                    role,
                }
            })
            .collect())
    }

    /// The head's scores for the windows of `ids` starting at `starts`: per window, one row of
    /// eight per piece (the window's own `[CLS]` and `[SEP]` left out).
    fn run(&self, ids: &[u32], starts: &[usize]) -> Result<Vec<Vec<Vec<f32>>>, EncoderError> {
        let [cls, sep, pad] = self.special;
        let inner = WINDOW - 2;
        let lens: Vec<usize> = starts.iter().map(|&s| inner.min(ids.len() - s)).collect();
        let width = lens.iter().max().copied().unwrap_or(0) + 2;
        let mut input = Vec::with_capacity(starts.len() * width);
        let mut mask = Vec::with_capacity(starts.len() * width);
        for (&s, &len) in starts.iter().zip(&lens) {
            input.push(cls);
            input.extend_from_slice(&ids[s..s + len]);
            input.push(sep);
            input.extend(std::iter::repeat_n(pad, width - len - 2));
            mask.extend(std::iter::repeat_n(1u32, len + 2));
            mask.extend(std::iter::repeat_n(0u32, width - len - 2));
        }
        let device = Device::Cpu;
        let shape = (starts.len(), width);
        let input = Tensor::from_vec(input, shape, &device).map_err(run_error)?;
        let mask = Tensor::from_vec(mask, shape, &device).map_err(run_error)?;
        let types = Tensor::zeros(shape, DType::U32, &device).map_err(run_error)?;
        let hidden = self
            .encoder
            .forward(&input, &types, Some(&mask))
            .map_err(run_error)?;
        let scores = linear(&hidden, &self.tagger)
            .and_then(|t| t.to_vec3::<f32>())
            .map_err(run_error)?;
        Ok(scores
            .into_iter()
            .zip(&lens)
            .map(|(rows, &len)| rows.into_iter().skip(1).take(len).collect())
            .collect())
    }
}

/// Softmax of `scores` written into `out` (same length).
fn softmax_into(scores: &[f32], out: &mut [f32]) {
    let top = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for (o, &s) in out.iter_mut().zip(scores) {
        *o = (s - top).exp();
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The installed tagger; without the encoder, `None` after saying the test skips.
    #[allow(clippy::print_stderr)] // says why the test skips
    fn installed() -> Option<AttributionTagger> {
        match AttributionTagger::load_installed() {
            Ok(t) => Some(t),
            Err(EncoderError::Missing { .. }) => {
                eprintln!(
                    "skipped: the sentence encoder is not installed (bash scripts/fetch-model.sh)"
                );
                None
            }
            Err(e) => panic!("{e}"),
        }
    }

    /// The Rust tagger gives the probabilities the fitting script's PyTorch model gives
    /// (`scripts/train-quote-tagger.py`'s encoder with the shipped head merged; these were
    /// computed there), on pieces whose offsets slice the text.
    #[test]
    fn the_installed_tagger_agrees_with_the_fitted_model() {
        let Some(tagger) = installed() else {
            return;
        };
        let t = "Mayor Ada Quill said on Monday that the harbour would reopen in the spring.";
        let got = tagger.tag(t).expect("runs");
        // (piece, P(content B), P(content I), P(B-source), P(I-source), P(B-cue))
        let want = [
            ("Mayor", 0.0025, 0.0115, 0.858, 0.1141, 0.0002),
            ("Ada", 0.0002, 0.0051, 0.0144, 0.9792, 0.0002),
            ("said", 0.0002, 0.0029, 0.0001, 0.0005, 0.9945),
            ("that", 0.9866, 0.0069, 0.0008, 0.0004, 0.0009),
            ("harbour", 0.0004, 0.9961, 0.0, 0.0005, 0.0),
            (".", 0.0002, 0.0088, 0.0001, 0.0006, 0.0001),
        ];
        assert_eq!(got.len(), 17, "{got:?}");
        for (piece, b, i, bs, is, bc) in want {
            let p = got
                .iter()
                .find(|p| &t[p.start..p.end] == piece)
                .unwrap_or_else(|| panic!("{piece} is a piece"));
            let close = |a: f32, b: f64| (f64::from(a) - b).abs() < 0.01;
            assert!(
                close(p.content[1], b) && close(p.content[2], i),
                "{piece}: {p:?}"
            );
            assert!(
                close(p.role[1], bs) && close(p.role[2], is),
                "{piece}: {p:?}"
            );
            assert!(close(p.role[3], bc), "{piece}: {p:?}");
        }
    }

    /// An article longer than one window is read in overlapping windows: every piece gets one
    /// set of tags, in text order, and a piece reads the same in a long text as in its own
    /// sentence where the window gives it the same context.
    #[test]
    fn a_long_article_is_tagged_piece_by_piece_across_windows() {
        let Some(tagger) = installed() else {
            return;
        };
        let sentence =
            "Mayor Ada Quill said on Monday that the harbour would reopen in the spring. ";
        let text = sentence.repeat(40);
        let got = tagger.tag(&text).expect("runs");
        assert_eq!(got.len(), 17 * 40, "one entry per piece");
        assert!(
            got.windows(2).all(|w| w[0].end <= w[1].start),
            "in text order"
        );
        for p in &got {
            let sum: f32 = p.content.iter().sum();
            assert!((sum - 1.0).abs() < 1e-4, "{p:?}");
        }
        // Far from both ends, every repetition's "that" opens a content.
        let thats: Vec<&PieceTags> = got
            .iter()
            .filter(|p| &text[p.start..p.end] == "that")
            .collect();
        assert_eq!(thats.len(), 40);
        assert!(thats.iter().all(|p| p.content[1] > 0.5), "{thats:?}");
        assert!(tagger.tag("").expect("runs").is_empty());
    }
}
