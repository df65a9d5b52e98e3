//! `parallax serve`: the JSON API and the web UI over HTTP (axum on tokio).
//!
//! SQLite work runs on tokio's blocking threads. Reads take a connection from a small pool (WAL
//! mode, so they never wait for a writer); ingests are serialised by one lock and open their own
//! connection, so a long ingest blocks no read.

mod error;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use parallax_ingest::{IngestOptions, Input};
use parallax_store::Store;

use crate::cli::{Global, ServeArgs};
use crate::views;
pub(crate) use error::ApiError;

/// Idle read connections kept open.
const POOL_MAX: usize = 16;

/// How long a read connection's incidental write (an alignment kept as cache) waits for an
/// ingest's write lock before giving up on keeping it.
const READ_BUSY_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// Default page size of `GET /api/stories`.
const DEFAULT_PAGE: usize = 50;

/// The OpenAPI 3 description of this API, served at `/openapi.json`.
pub(crate) const OPENAPI: &str = include_str!("openapi.json");

/// The web UI, embedded so the binary is the whole deployment.
pub(crate) const INDEX_HTML: &str = include_str!("../../web/index.html");
pub(crate) const APP_JS: &str = include_str!("../../web/app.js");
pub(crate) const STYLE_CSS: &str = include_str!("../../web/style.css");

struct App {
    db: PathBuf,
    pool: Mutex<Vec<Store>>,
    /// Held for the whole of an ingest: one writer at a time.
    writer: Mutex<()>,
    max_body: usize,
    ingest: IngestOptions,
    link: Option<crate::link::LinkSettings>,
}

impl App {
    /// Runs `f` with a pooled read connection.
    fn read<T>(&self, f: impl FnOnce(&mut Store) -> anyhow::Result<T>) -> anyhow::Result<T> {
        let pooled = self.pool.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut store = match pooled {
            Some(s) => s,
            None => {
                let s = Store::open(&self.db).context("opening the store")?;
                s.set_busy_timeout(READ_BUSY_WAIT)?;
                s
            }
        };
        let out = f(&mut store);
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < POOL_MAX {
            pool.push(store);
        }
        out
    }
}

type Shared = Arc<App>;

/// Runs blocking store work off the async threads.
async fn blocking<T: Send + 'static>(
    app: &Shared,
    f: impl FnOnce(&App) -> anyhow::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let app = app.clone();
    match tokio::task::spawn_blocking(move || f(&app)).await {
        Ok(r) => r.map_err(ApiError::from),
        Err(e) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("request worker failed: {e}"),
        )),
    }
}

/// The router of every endpoint, over the store at `db`.
fn router(app: Shared) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/index.html",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }),
        )
        .route(
            "/openapi.json",
            get(|| async { asset("application/json", OPENAPI) }),
        )
        .route("/api/health", get(health))
        .route("/api/stats", get(stats))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/articles/{id}", get(article))
        .route("/api/outlets", get(outlets))
        .route("/api/ingest", post(ingest))
        .fallback(|| async { ApiError::not_found("no such endpoint; see /openapi.json") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed here",
            )
        })
        // The ingest handler enforces --max-body itself, with a JSON error.
        .layer(DefaultBodyLimit::disable())
        .with_state(app)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn health(State(app): State<Shared>) -> Result<Json<serde_json::Value>, ApiError> {
    let version = blocking(&app, |app| app.read(|s| Ok(s.stats()?.schema_version))).await?;
    Ok(Json(
        serde_json::json!({"status": "ok", "schema_version": version}),
    ))
}

async fn stats(State(app): State<Shared>) -> Result<Json<views::StatsView>, ApiError> {
    Ok(Json(
        blocking(&app, |app| app.read(|s| views::stats(s))).await?,
    ))
}

async fn stories(
    State(app): State<Shared>,
    q: Result<Query<views::StoryQuery>, QueryRejection>,
) -> Result<Json<views::StoryPage>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
    Ok(Json(
        blocking(&app, move |app| {
            app.read(|s| views::stories(s, &q, DEFAULT_PAGE))
        })
        .await?,
    ))
}

fn story_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::bad_request("bad_id", format!("story id {raw:?} is not a number")))
}

async fn story(
    State(app): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<views::story::StoryDetail>, ApiError> {
    let id = story_id(&id)?;
    Ok(Json(
        blocking(&app, move |app| app.read(|s| views::story::detail(s, id))).await?,
    ))
}

async fn article(State(app): State<Shared>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let body = blocking(&app, move |app| {
        app.read(|s| {
            let stored = views::article::load(s, &id)?;
            let story = s.story_of(&id)?;
            Ok(serde_json::to_vec(&views::article::detail(&stored, story))?)
        })
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn outlets(State(app): State<Shared>) -> Result<Json<views::Outlets>, ApiError> {
    Ok(Json(
        blocking(&app, |app| app.read(|s| views::outlets(s))).await?,
    ))
}

/// The input format a request's Content-Type names, as the file extension the readers take as
/// their format hint.
fn upload_extension(headers: &HeaderMap) -> Result<&'static str, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    Ok(match ct.as_str() {
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines"
        | "application/x-jsonlines" | "application/json-lines" => "jsonl",
        "text/html" | "application/xhtml+xml" => "html",
        "application/warc" | "application/x-warc" => "warc",
        "text/plain" => "txt",
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "Content-Type {ct:?}: send application/x-ndjson (JSON Lines), text/html, application/warc or text/plain"
                ),
            ))
        }
    })
}

fn too_large(max: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("the request body is larger than {max} bytes (--max-body)"),
    )
}

async fn ingest(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<crate::pipeline::IngestRun>, ApiError> {
    let ext = upload_extension(&headers)?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > app.max_body as u64) {
        return Err(too_large(app.max_body));
    }
    let bytes = axum::body::to_bytes(body, app.max_body)
        .await
        .map_err(|_| too_large(app.max_body))?;
    if bytes.is_empty() {
        return Err(ApiError::bad_request(
            "empty_body",
            "the request body is empty",
        ));
    }
    // The same body always gets the same name, so a retried upload maps to the same articles.
    let name = format!("upload-{:016x}.{ext}", xxhash_rust::xxh3::xxh3_64(&bytes));
    let run = blocking(&app, move |app| {
        let _writer = app.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut store = Store::open(&app.db).context("opening the store")?;
        let inputs = [Input::Bytes {
            name,
            bytes: bytes.to_vec(),
        }];
        let run = crate::pipeline::ingest_and_link(
            &mut store,
            &inputs,
            &app.ingest,
            app.link,
            &parallax_model::NoReporter,
            &|| {},
            &|_, _| {},
        )?;
        // The search index catches up here, under the writer lock, so the next search does
        // not pay for it.
        store.catch_up_search()?;
        Ok(run)
    })
    .await?;
    if run.ingest.read == 0 && run.ingest.rejected > 0 {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "nothing_ingested",
            format!(
                "no article could be read from the body: {}",
                run.ingest.rejects[0]
            ),
        ));
    }
    Ok(Json(run))
}

/// Listens on `--addr` until interrupted.
pub(crate) fn run(g: &Global, a: &ServeArgs) -> anyhow::Result<u8> {
    let ingest = crate::commands::ingest::options(&a.read)?;
    let link = (!a.link.no_link).then(|| crate::commands::ingest::link_settings(&a.link));
    // Opening once up front migrates the store and refuses a foreign file before listening.
    let store = crate::commands::open_store(g)?;
    if let Some(settings) = link {
        crate::link::check_settings(&store, settings)?;
    }
    drop(store);
    let app = Arc::new(App {
        db: g.db.clone(),
        pool: Mutex::new(Vec::new()),
        writer: Mutex::new(()),
        max_body: a.max_body,
        ingest,
        link,
    });
    // Articles ingested by the CLI since the last search are indexed in the background, under
    // the writer lock, while the server already answers.
    let indexer = Arc::clone(&app);
    std::thread::spawn(move || {
        let _writer = indexer.writer.lock().unwrap_or_else(|p| p.into_inner());
        let caught_up = Store::open(&indexer.db).and_then(|s| s.catch_up_search());
        match caught_up {
            Ok(n) if n > 0 => tracing::info!("search index: {n} articles added"),
            Ok(_) => {}
            Err(e) => tracing::warn!("search index not brought up to date: {e}"),
        }
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&a.addr)
            .await
            .map_err(|e| crate::UserError(format!("cannot listen on {}: {e}", a.addr)))?;
        let local = listener.local_addr()?;
        crate::output::status(&format!(
            "parallax: serving {} on http://{local}/",
            g.db.display()
        ));
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving HTTP")
    })?;
    Ok(crate::exit::OK)
}
