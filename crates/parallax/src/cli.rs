//! Every command and option, declared once; the README's command reference mirrors this file.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Parallax: see one news story through every outlet that carried it.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub(crate) struct Global {
    /// The store file (SQLite). Created on first use.
    #[arg(
        long,
        global = true,
        env = "PARALLAX_DB",
        default_value = "parallax.db"
    )]
    pub(crate) db: PathBuf,
    /// Print results as JSON on stdout instead of tables.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Print nothing but results and errors.
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
    /// Never draw progress bars (they are drawn only on a terminal anyway).
    #[arg(long, global = true, env = "PARALLAX_NO_PROGRESS", value_parser = clap::builder::FalseyValueParser::new())]
    pub(crate) no_progress: bool,
    /// Worker threads for per-article work (default: all cores).
    #[arg(long, global = true, env = "PARALLAX_THREADS")]
    pub(crate) threads: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Read files, folders, globs or `-` (stdin) into the store.
    Ingest(IngestArgs),
    /// List stored articles.
    Articles(ArticlesArgs),
    /// Show one article: metadata, clean text with paragraph roles, credits and source.
    Article(ArticleArgs),
    /// List input that was refused, and why.
    Rejects(RejectsArgs),
    /// List stories: articles, outlets, independent sources, time span and label.
    Stories(StoriesArgs),
    /// Show one story's articles in time order, with why each joined.
    Story(StoryArgs),
    /// List duplicate groups (exact and near) and containment links.
    Dups(DupsArgs),
    /// Compare two articles: shared passages (verbatim, edited with word diffs, paraphrased)
    /// and what each has alone, with byte offsets.
    Align(AlignArgs),
    /// Show who copied whom inside a story: edges "B derives from A" with their evidence
    /// (publication order, aligned share, longest verbatim run, explicit credit), and the
    /// sources articles credit that the corpus does not hold.
    Provenance(ProvenanceArgs),
    /// List the statements quoted in stories: speaker, renderings, whether one outlet alone
    /// carries it, and how many word differences change the meaning.
    Quotes(QuotesArgs),
    /// Show one quoted statement's renderings side by side, with word differences and the
    /// ones that change the meaning.
    Quote(QuoteArgs),
    /// List a story's numeric facts (killed, injured, money, percentages…) per outlet, the
    /// discrepancies between outlets with both spans, and the facts only some outlets carry.
    Facts(FactsArgs),
    /// Show how a story's outlets name the same referents, and the terms that set each outlet
    /// apart (in a story, or across the corpus with `--corpus`).
    Framing(FramingArgs),
    /// Show store-wide counts.
    Stats,
    /// Serve the JSON API and the web UI over HTTP.
    Serve(ServeArgs),
    /// Write the web UI with its data as a static site that opens from disk, no server needed.
    Report(ReportArgs),
    /// List the language codes the language identifier knows.
    Languages,
    /// Write a table of the store (articles, stories, links) as JSON Lines, CSV or Parquet.
    Export(ExportArgs),
    /// Measure quality on labelled data (../shared/eval-dev).
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure speed on generated or real corpora.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub(crate) format: ExportFormat,
    /// Which table.
    #[arg(long, value_enum)]
    pub(crate) what: ExportWhat,
    /// Write to this file instead of standard output (required for parquet).
    #[arg(long, value_name = "PATH")]
    pub(crate) out: Option<PathBuf>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    /// JSON Lines, one object per row.
    Jsonl,
    /// CSV with a header row (RFC 4180).
    Csv,
    /// Apache Parquet, zstd-compressed.
    Parquet,
}

/// Exportable tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportWhat {
    /// One row per article, with its story and clean text.
    Articles,
    /// One row per story.
    Stories,
    /// Duplicate and containment links between articles.
    Links,
    /// One row per rendering of a quoted statement, with its story, group and speaker.
    Quotes,
    /// One row per numeric fact, with its story and how many discrepancies it is part of.
    Facts,
}

/// Options that describe how input is read.
#[derive(Debug, Args, Clone)]
pub(crate) struct ReadOptions {
    /// Take a JSON Lines field from another name: `--map text=body --map date=published_at`.
    /// Fields: id, url, outlet, date, title, text, html, lang.
    #[arg(long = "map", value_name = "FIELD=NAME")]
    pub(crate) map: Vec<String>,
    /// Languages to identify, as ISO 639-1 codes (`en,ar,fa`); default: every built-in one.
    #[arg(long = "languages", value_delimiter = ',', value_name = "CODES")]
    pub(crate) languages: Vec<String>,
    /// Largest document, JSON line or WARC record accepted, in bytes.
    #[arg(long, default_value_t = 64 << 20, value_name = "BYTES")]
    pub(crate) max_document_bytes: usize,
    /// How the main text of HTML pages is found.
    #[arg(long, value_enum, default_value_t = HtmlExtractor::Both, value_name = "MODE")]
    pub(crate) html_extractor: HtmlExtractor,
}

/// HTML main-text extraction modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum HtmlExtractor {
    /// trafilatura and Readability, cross-checked paragraph by paragraph (best F1).
    Both,
    /// Readability alone: about three times as many pages per second, at a lower F1.
    Fast,
}

impl HtmlExtractor {
    /// The ingest setting this mode stands for.
    pub(crate) fn choice(self) -> parallax_ingest::HtmlChoice {
        match self {
            Self::Both => parallax_ingest::HtmlChoice::Combined,
            Self::Fast => parallax_ingest::HtmlChoice::Fast,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// Files, folders (read recursively), globs, or `-` for standard input. Formats: plain
    /// text, HTML, JSON Lines, WARC; each may be gzip- or zstd-compressed.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<String>,
    #[command(flatten)]
    pub(crate) read: ReadOptions,
    #[command(flatten)]
    pub(crate) link: LinkOptions,
    /// After linking, align the stories this run added articles to and keep the alignments,
    /// provenance pairs and added/omitted comparisons in the store, so views read them back
    /// instead of computing them on first use.
    #[arg(long, conflicts_with = "no_link")]
    pub(crate) align: bool,
}

/// Settings of duplicate detection and story clustering. A store keeps the settings it was
/// first linked with; later runs must give the same ones.
#[derive(Debug, Args, Clone)]
pub(crate) struct LinkOptions {
    /// Two articles are near duplicates at this exact Jaccard of their word 5-gram sets or above.
    #[arg(long, default_value_t = 0.5, value_name = "J")]
    pub(crate) jaccard: f64,
    /// An article is contained in another when this share of its 5-grams is in it.
    #[arg(long, default_value_t = 0.8, value_name = "SHARE")]
    pub(crate) containment: f64,
    /// Minimum probability (of the story join model, over word, name and number cosines,
    /// article length, story size and time gap) for an article to join a story.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().threshold, value_name = "P")]
    pub(crate) story_threshold: f64,
    /// Stories with no new article for this many days are closed.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().window_secs as f64 / 86_400.0, value_name = "DAYS")]
    pub(crate) window_days: f64,
    /// Two stories merge when an article matches both and their word centroids reach this
    /// cosine.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().merge_threshold, value_name = "COS")]
    pub(crate) merge_threshold: f64,
    /// Extra time decay: the score for a story is scaled by exp(-days since its newest
    /// article / this); 0 turns it off (the join model already weighs the time gap).
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().time_scale_secs / 86_400.0, value_name = "DAYS")]
    pub(crate) time_scale_days: f64,
    /// Closed stories are kept, compacted, this many days after their newest article (at
    /// most 16,384 of them), and an article that no open story takes reopens one it matches
    /// at `--reopen-threshold`; 0 forgets stories when they close.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().archive_secs as f64 / 86_400.0, value_name = "DAYS")]
    pub(crate) archive_days: f64,
    /// Minimum probability of the join model for an article to reopen a closed story.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().reopen_threshold, value_name = "P")]
    pub(crate) reopen_threshold: f64,
    /// A paragraph found in at least this many articles of one outlet is outlet boilerplate.
    #[arg(long, default_value_t = parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES, value_name = "N")]
    pub(crate) boilerplate_min_articles: u32,
    /// Store articles only; link them at the next ingest without this flag.
    #[arg(long)]
    pub(crate) no_link: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub(crate) addr: String,
    /// Largest request body accepted (POST /api/ingest), in bytes.
    #[arg(long, default_value_t = 64 << 20, value_name = "BYTES")]
    pub(crate) max_body: usize,
    #[command(flatten)]
    pub(crate) read: ReadOptions,
    #[command(flatten)]
    pub(crate) link: LinkOptions,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// The folder to write (created if missing; files of the same names are replaced).
    pub(crate) out_dir: PathBuf,
    /// Only these stories (repeatable); default: the largest stories.
    #[arg(long = "story", value_name = "ID")]
    pub(crate) stories: Vec<i64>,
    /// Without --story: at most this many stories, largest first.
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub(crate) max_stories: usize,
    /// Without --story: only stories with at least this many articles.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub(crate) min_articles: i64,
}

#[derive(Debug, Args)]
pub(crate) struct StoriesArgs {
    /// Only stories with an article published on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    pub(crate) since: Option<String>,
    /// Only stories with an article published on or before this date.
    #[arg(long)]
    pub(crate) until: Option<String>,
    /// Only stories with an article from this outlet key.
    #[arg(long)]
    pub(crate) outlet: Option<String>,
    /// Only stories with an article in this language (ISO 639-1).
    #[arg(long)]
    pub(crate) lang: Option<String>,
    /// Only stories with at least this many articles.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub(crate) min_articles: i64,
    /// At most this many, largest first.
    #[arg(long, default_value_t = 100)]
    pub(crate) limit: usize,
}

#[derive(Debug, Args)]
pub(crate) struct StoryArgs {
    /// The story id (as `parallax stories` prints it).
    pub(crate) id: i64,
    /// Shared terms shown per article.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub(crate) terms: usize,
    /// Compare the articles: for each, what it shares with the story's earliest article (its
    /// likely source), what it adds that no earlier article has, and what it omits.
    #[arg(long)]
    pub(crate) compare: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ProvenanceArgs {
    /// The story id.
    pub(crate) id: i64,
    /// Weakest edge confidence shown (0–1).
    #[arg(long, default_value_t = parallax_align::ProvenanceParams::default().min_confidence, value_name = "C")]
    pub(crate) min_confidence: f64,
    /// A paragraph found in at least this many articles of one outlet is outlet boilerplate and
    /// is left out of the comparison.
    #[arg(long, default_value_t = parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES, value_name = "N")]
    pub(crate) boilerplate_min_articles: u32,
}

#[derive(Debug, Args)]
pub(crate) struct QuotesArgs {
    /// Only this story's quotes (default: every story's).
    #[arg(long, value_name = "ID")]
    pub(crate) story: Option<i64>,
    /// Only quotes of this speaker: any written form of the name ("Khamenei", "the Imam").
    #[arg(long, value_name = "NAME")]
    pub(crate) speaker: Option<String>,
    /// Characters of statement text shown per row (the JSON has the full text).
    #[arg(long, default_value_t = 80, value_name = "N")]
    pub(crate) width: usize,
}

#[derive(Debug, Args)]
pub(crate) struct QuoteArgs {
    /// The quote id as `parallax quotes` lists it (STORY:ARTICLE:START).
    pub(crate) id: String,
    /// Characters of rendering text shown per row (the JSON has the full text).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub(crate) width: usize,
}

#[derive(Debug, Args)]
pub(crate) struct FactsArgs {
    /// The story id (see `parallax stories`).
    #[arg(long, value_name = "ID")]
    pub(crate) story: i64,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("scope").required(true).args(["story", "corpus"])))]
pub(crate) struct FramingArgs {
    /// The story id: names per referent and distinctive terms of each of its outlets.
    #[arg(long, value_name = "ID")]
    pub(crate) story: Option<i64>,
    /// Distinctive terms of each outlet across the whole corpus instead of one story.
    #[arg(long)]
    pub(crate) corpus: bool,
    /// Distinctive terms shown per outlet.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub(crate) limit: usize,
    /// With `--corpus`: only terms an outlet uses at least this many times.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub(crate) min_count: u32,
}

#[derive(Debug, Args)]
pub(crate) struct AlignArgs {
    /// The first article's id (a unique prefix is enough).
    pub(crate) a: String,
    /// The second article's id.
    pub(crate) b: String,
    /// Characters of passage text shown per line (the JSON has the full spans).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub(crate) width: usize,
    /// A paragraph found in at least this many articles of one outlet is outlet boilerplate and
    /// is left out of the comparison.
    #[arg(long, default_value_t = parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES, value_name = "N")]
    pub(crate) boilerplate_min_articles: u32,
}

#[derive(Debug, Args)]
pub(crate) struct DupsArgs {
    /// Only groups with at least this many articles.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub(crate) min_size: usize,
    /// At most this many groups, largest first.
    #[arg(long, default_value_t = 100)]
    pub(crate) limit: usize,
}

#[derive(Debug, Args)]
pub(crate) struct ArticlesArgs {
    /// Only articles of this outlet key.
    #[arg(long)]
    pub(crate) outlet: Option<String>,
    /// Only articles in this language (ISO 639-1).
    #[arg(long)]
    pub(crate) lang: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) since: Option<String>,
    /// Only articles published on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) until: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 100)]
    pub(crate) limit: usize,
}

#[derive(Debug, Args)]
pub(crate) struct ArticleArgs {
    /// The article id (a unique prefix is enough).
    pub(crate) id: String,
    /// Also print the original bytes as ingested.
    #[arg(long)]
    pub(crate) original: bool,
    /// Also list the in-page text the HTML extractor left out (menus, footers…).
    #[arg(long)]
    pub(crate) removed: bool,
    /// A paragraph found in at least this many articles of one outlet is outlet boilerplate.
    #[arg(long, default_value_t = parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES, value_name = "N")]
    pub(crate) boilerplate_min_articles: u32,
}

#[derive(Debug, Args)]
pub(crate) struct RejectsArgs {
    /// At most this many, most recent first.
    #[arg(long, default_value_t = 1000)]
    pub(crate) limit: usize,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EvalCommand {
    /// Main-text extraction against gold text: Scrapinghub shingle F1 per set and language,
    /// and trafilatura's snippet metric, for Parallax and for each extractor crate alone.
    Extraction(EvalExtractionArgs),
    /// Near-duplicate pairs against exact Jaccard on a corpus from gen_corpus.py (its
    /// `.truth.tsv` gives each article's story): pair precision and recall, and time.
    Dups(EvalDupsArgs),
    /// Story clustering against gold stories (eval-dev `stories/*.jsonl`), streamed in file
    /// order: BCubed precision, recall, F1 and ARI, beside a plain TF-IDF online baseline.
    Stories(EvalStoriesArgs),
    /// Quote extraction and speaker attribution on PolNeAR (eval-dev `quotes/polnear-train-dev`):
    /// quote and speaker precision, recall and F1 at content Jaccard 0.5, for all quotes, the
    /// direct and mixed ones, and exact spans.
    Quotes(EvalQuotesArgs),
    /// Same-statement decisions on the MSRP quote pairs: pair precision, recall and F1 against
    /// the label, beside the "always same statement" baseline.
    QuoteVariants(EvalQuoteVariantsArgs),
    /// Numeric facts against the Gun Violence Archive's killed and injured counts per incident
    /// (exact-match accuracy and mean absolute error, beside a first-number baseline), and
    /// discrepancy precision and recall on controlled edits of the same articles.
    Facts(EvalFactsArgs),
    /// Sentence-level paraphrase decision (the one alignment uses) on labelled sentence pairs:
    /// accuracy and F1 of class 1, beside word-set Jaccard and "always paraphrase" baselines.
    Paraphrase(EvalParaphraseArgs),
    /// Document-level derivation (wholly / partially / non-derived) and provenance direction on
    /// a gen_corpus.py corpus, ingested into a scratch store: per-class F1 and macro-F1.
    Derivation(EvalDerivationArgs),
    /// Wire-copy detection from text and author by the credit extraction (agency list):
    /// precision, recall and F1 on labelled articles, and agency accuracy.
    Wire(EvalWireArgs),
    /// Passage alignment against gold spans, on pairs built from real articles by known
    /// operations (paragraphs kept, lightly edited, dropped; foreign ones inserted): byte
    /// precision and recall on each side and label agreement, beside an identical-paragraph
    /// baseline.
    Alignment(EvalAlignmentArgs),
}

#[derive(Debug, Args)]
pub(crate) struct EvalAlignmentArgs {
    /// Articles to build pairs from (JSON Lines with `text`, and `story` where present).
    #[arg(default_value = "../shared/eval-dev/stories/gva-2013-2015.jsonl")]
    pub(crate) path: PathBuf,
    /// How many pairs to build.
    #[arg(long, default_value_t = 500)]
    pub(crate) pairs: usize,
    /// Seed of the pair builder (the same seed builds the same pairs).
    #[arg(long, default_value_t = 7)]
    pub(crate) seed: u64,
}

#[derive(Debug, Args)]
pub(crate) struct EvalQuotesArgs {
    /// PolNeAR JSON Lines files (default: eval-dev's dev file under ../shared; the attribution
    /// tagger was fitted on the train file).
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Also write every predicted quote (article, content, speaker, cue, kind) to this JSON
    /// Lines file.
    #[arg(long, value_name = "FILE")]
    pub(crate) dump: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct EvalQuoteVariantsArgs {
    /// The quote pairs file (default: ../shared/eval-dev/quotes/msrp-quote-pairs-train.jsonl).
    #[arg(value_name = "PATH")]
    pub(crate) path: Option<PathBuf>,
    /// Two renderings are one statement at this similarity or above.
    #[arg(long, default_value_t = crate::eval::quotes::default_threshold(), value_name = "S")]
    pub(crate) threshold: f64,
}

#[derive(Debug, Args)]
pub(crate) struct EvalFactsArgs {
    /// The incidents file.
    #[arg(default_value = "../shared/eval-dev/facts/gva-2013-2015-incidents.jsonl")]
    pub(crate) dataset: PathBuf,
    /// The stories file holding the incidents' documents (default: `stories/gva-2013-2015.jsonl`
    /// beside the incidents file's folder).
    #[arg(long, value_name = "FILE")]
    pub(crate) stories: Option<PathBuf>,
    /// Only the first N incidents (quick checks).
    #[arg(long)]
    pub(crate) limit: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct EvalWireArgs {
    /// The labels (JSON Lines with id, author, wire, wire_recorded).
    #[arg(default_value = "../shared/eval-dev/provenance/polnear-wire.jsonl")]
    pub(crate) dataset: PathBuf,
    /// Files with the articles' texts (JSON Lines with id, text), joined on id; repeatable.
    /// Default: the PolNeAR files in `quotes/polnear-train-dev/` of the same eval-dev folder.
    #[arg(long, value_name = "FILE")]
    pub(crate) texts: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct EvalDerivationArgs {
    /// The JSON Lines corpus (`OUT_PREFIX.jsonl` from gen_corpus.py).
    pub(crate) corpus: PathBuf,
    /// The truth file (default: `OUT_PREFIX.truth.tsv` beside the corpus).
    #[arg(long)]
    pub(crate) truth: Option<PathBuf>,
    /// Wholly derived: at least this share of the article's words verbatim in its source.
    #[arg(long, default_value_t = 0.75, value_name = "SHARE")]
    pub(crate) wholly_verbatim: f64,
    /// Partially derived: at least this share of its words copied (verbatim or edited).
    #[arg(long, default_value_t = 0.3, value_name = "SHARE")]
    pub(crate) partially_copied: f64,
    /// Story join threshold (probability) for the scratch store.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().threshold, value_name = "P")]
    pub(crate) story_threshold: f64,
    /// Extra time decay for the scratch store, in days (0: none).
    #[arg(long, default_value_t = 0.0, value_name = "DAYS")]
    pub(crate) time_scale_days: f64,
    /// Story merge threshold for the scratch store (above 1: no merges).
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().merge_threshold, value_name = "COS")]
    pub(crate) merge_threshold: f64,
    /// Drop the date of this share of the articles (chosen by a hash of their line) before
    /// ingesting, and score direction separately on copy pairs with an undated end, where the
    /// order must be inferred from credits and containment.
    #[arg(long, default_value_t = 0.0, value_name = "SHARE")]
    pub(crate) undated: f64,
}

#[derive(Debug, Args)]
pub(crate) struct EvalParaphraseArgs {
    /// The labelled pairs (JSON Lines with label, a, b).
    #[arg(default_value = "../shared/eval-dev/paraphrase/msrp-train.jsonl")]
    pub(crate) dataset: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct EvalStoriesArgs {
    /// The labelled stories file, e.g. ../shared/eval-dev/stories/gva-2013-2015.jsonl, or a
    /// gen_corpus.py corpus (`PREFIX.jsonl`, its stories read from `PREFIX.truth.tsv`).
    pub(crate) dataset: PathBuf,
    /// Minimum probability (of the join model) for an article to join a story.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().threshold)]
    pub(crate) threshold: f64,
    /// Only the first N articles.
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// Also write the labelled rows the join model is fitted on to this file (see
    /// scripts/fit-story-model.py): per article and candidate story, whether it is the gold
    /// story and the model's inputs, from a stream that follows the gold stories.
    #[arg(long, value_name = "FILE")]
    pub(crate) pairs: Option<PathBuf>,
    /// Also write one JSON line per document to this file: its id, gold story, and the
    /// story each system put it in, to inspect where the clustering and the gold part.
    #[arg(long, value_name = "FILE")]
    pub(crate) dump: Option<PathBuf>,
    /// Stories idle for longer than this many days are closed.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().window_secs / 86_400)]
    pub(crate) window_days: i64,
    /// Two stories merge when an article matches both and their word centroids reach this
    /// cosine.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().merge_threshold)]
    pub(crate) merge_threshold: f64,
    /// Extra time decay: the score for a story is scaled by exp(-days since its newest
    /// article / this); 0 turns it off.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().time_scale_secs / 86_400.0)]
    pub(crate) time_scale_days: f64,
    /// Closed stories are kept this many days after their newest article, and an article
    /// that no open story takes reopens one it matches at `--reopen-threshold`; 0 forgets
    /// them when they close.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().archive_secs / 86_400, value_name = "DAYS")]
    pub(crate) archive_days: i64,
    /// Minimum probability of the join model for an article to reopen a closed story.
    #[arg(long, default_value_t = parallax_cluster::StoryParams::default().reopen_threshold, value_name = "P")]
    pub(crate) reopen_threshold: f64,
    /// The baseline's cosine threshold.
    #[arg(long, default_value_t = 0.2)]
    pub(crate) baseline_threshold: f64,
}

#[derive(Debug, Args)]
pub(crate) struct EvalDupsArgs {
    /// The JSON Lines corpus (`OUT_PREFIX.jsonl`).
    pub(crate) corpus: PathBuf,
    /// The truth file (default: `OUT_PREFIX.truth.tsv` beside the corpus).
    #[arg(long)]
    pub(crate) truth: Option<PathBuf>,
    /// Exact Jaccard at or above which two articles are near duplicates.
    #[arg(long, default_value_t = 0.5)]
    pub(crate) threshold: f64,
    /// Only the first N articles.
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// Also score another tool's pairs (`id_a<TAB>id_b` per line, as written by
    /// `bench/peers/near_dups.py`) against the same truth; repeatable.
    #[arg(long, value_name = "NAME=PAIRS.tsv")]
    pub(crate) peer: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct EvalExtractionArgs {
    /// The eval-dev folder.
    #[arg(long, default_value = "../shared/eval-dev")]
    pub(crate) data: PathBuf,
    /// Only this set (scrapinghub-aeb, trafilatura-eval, mozilla-readability, newspaper4k-fixtures).
    #[arg(long)]
    pub(crate) set: Option<String>,
    /// Only the first N pages (quick checks).
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// Also write every page's extracted text and time (ms), per extractor, to this JSON Lines file.
    #[arg(long, value_name = "FILE")]
    pub(crate) dump: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BenchCommand {
    /// Time ingesting a JSON Lines corpus (e.g. from gen_corpus.py) and/or a folder of HTML
    /// pages into a fresh store; prints articles/s, CPU time and peak RSS.
    Ingest(BenchIngestArgs),
    /// Time aligning stories as provenance pairs their articles: the largest story of a JSON
    /// Lines corpus (cut to --story-size articles) and, with --all, every story; peak RSS.
    Align(BenchAlignArgs),
}

#[derive(Debug, Args)]
pub(crate) struct BenchAlignArgs {
    /// A JSON Lines corpus, ingested and linked into a scratch store first.
    #[arg(long)]
    pub(crate) jsonl: PathBuf,
    /// Articles of the largest story aligned in the one-story run.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub(crate) story_size: usize,
    /// How many times the one-story run is repeated.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub(crate) repeat: usize,
    /// Also align every story of the corpus.
    #[arg(long)]
    pub(crate) all: bool,
    /// Where to write the results (a dated JSON file is added to this folder).
    #[arg(long, default_value = "bench-results")]
    pub(crate) out: PathBuf,
    #[command(flatten)]
    pub(crate) link: LinkOptions,
}

#[derive(Debug, Args)]
pub(crate) struct BenchIngestArgs {
    /// A JSON Lines corpus.
    #[arg(long)]
    pub(crate) jsonl: Option<PathBuf>,
    /// A folder of HTML pages (`.html` or `.html.gz`), e.g. ../shared/eval-dev/extraction/html.
    #[arg(long)]
    pub(crate) html: Option<PathBuf>,
    /// Where to write the results (a dated JSON file is added to this folder).
    #[arg(long, default_value = "bench-results")]
    pub(crate) out: PathBuf,
    /// The JSON Lines corpus's truth file (default: `PREFIX.truth.tsv` beside it, when
    /// present): story BCubed of the stored stories against its story column.
    #[arg(long)]
    pub(crate) truth: Option<PathBuf>,
    /// How the main text of HTML pages is found (as for `ingest`).
    #[arg(long, value_enum, default_value_t = HtmlExtractor::Both, value_name = "MODE")]
    pub(crate) html_extractor: HtmlExtractor,
    #[command(flatten)]
    pub(crate) link: LinkOptions,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every command and every long option is documented in the README.
    #[test]
    fn readme_documents_every_command_and_option() {
        let readme = include_str!("../../../README.md");
        let mut missing = Vec::new();
        fn walk(cmd: &clap::Command, path: &str, readme: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                if let Some(long) = arg.get_long() {
                    if !["help", "version"].contains(&long)
                        && !readme.contains(&format!("--{long}"))
                    {
                        missing.push(format!("{path} --{long}"));
                    }
                }
            }
            for sub in cmd.get_subcommands() {
                let p = format!("{path} {}", sub.get_name()).trim().to_string();
                if sub.get_name() != "help"
                    && !readme.contains(&format!("parallax {p}"))
                    && !readme.contains(&p)
                {
                    missing.push(p.clone());
                }
                walk(sub, &p, readme, missing);
            }
        }
        walk(&Cli::command(), "", readme, &mut missing);
        assert!(missing.is_empty(), "not in README.md: {missing:?}");
    }
}
