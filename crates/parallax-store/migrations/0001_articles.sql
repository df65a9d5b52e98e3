-- Schema 1: articles, their originals, outlet paragraph counts, rejects and runs.
-- A migration that has shipped is never edited: add a new numbered file instead.

CREATE TABLE articles (
    seq              INTEGER PRIMARY KEY,          -- insertion order
    id               TEXT    NOT NULL UNIQUE,      -- content hash of the original record
    source_path      TEXT    NOT NULL,
    source_location  TEXT    NOT NULL,             -- JSON of parallax_model::Location
    format           TEXT    NOT NULL,
    compression      TEXT,
    decoded_from     TEXT,
    url              TEXT,
    outlet           TEXT,
    outlet_name      TEXT,
    title            TEXT,
    published        TEXT,                         -- ISO 8601, day or timestamp
    published_origin TEXT,
    language         TEXT,
    text             TEXT    NOT NULL,             -- clean body; every span points into it
    paragraphs       BLOB    NOT NULL,             -- packed (start u32, end u32, hash u64, role u8)
    attributions     TEXT    NOT NULL,             -- JSON array of parallax_model::Attribution
    extractor        TEXT    NOT NULL,
    text_hash        INTEGER NOT NULL,             -- fingerprint of the whole body
    ingested_at      TEXT    NOT NULL
);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_language ON articles (language);

-- The untouched original bytes, zstd-compressed, one row per article.
CREATE TABLE originals (
    article_seq INTEGER PRIMARY KEY REFERENCES articles (seq),
    zstd        BLOB    NOT NULL
);

-- How many distinct articles of an outlet carry a paragraph: the evidence for outlet boilerplate.
-- key = xxh3 of (outlet, paragraph fingerprint): one integer key keeps the hot upsert cheap.
CREATE TABLE outlet_paragraphs (
    key      INTEGER PRIMARY KEY,
    articles INTEGER NOT NULL
);

-- Whole-body fingerprints per outlet (key = xxh3 of (outlet, body fingerprint)), so a re-post
-- of the same text does not count twice above.
CREATE TABLE outlet_texts (
    key INTEGER PRIMARY KEY
);

CREATE TABLE rejects (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL,
    location   TEXT NOT NULL,                      -- JSON of parallax_model::Location
    kind       TEXT NOT NULL,                      -- parallax_model::RejectKind code
    message    TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    times      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (path, location, kind)
);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    command     TEXT NOT NULL,
    stored      INTEGER NOT NULL DEFAULT 0,
    known       INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0
);
