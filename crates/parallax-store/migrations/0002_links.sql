-- Schema 2: duplicates and stories, written by the link stage that runs after each ingest.
-- A migration that has shipped is never edited: add a new numbered file instead.

-- One row per article once the link stage has seen it.
CREATE TABLE article_links (
    article_seq INTEGER PRIMARY KEY REFERENCES articles (seq),
    time        INTEGER,                           -- publication, seconds since the epoch
    exact_hash  INTEGER NOT NULL,                  -- normalised body without boilerplate
    shingles    INTEGER NOT NULL,                  -- size of the shingle set
    signature   BLOB,                              -- 128 × u32 LE MinHash; NULL without shingles
    story       INTEGER NOT NULL,                  -- current story (merges rewrite it)
    joined      INTEGER NOT NULL,                  -- the story it first joined
    score       REAL    NOT NULL,                  -- cosine to the story when it joined
    placement   TEXT    NOT NULL                   -- opened | similar | duplicate | undated_*
);
CREATE INDEX article_links_story ON article_links (story);

-- Verified duplicate and containment links; `a` was linked first (earlier in the stream).
CREATE TABLE dup_links (
    a        INTEGER NOT NULL,
    b        INTEGER NOT NULL,
    kind     TEXT    NOT NULL,                     -- exact | near | contained
    jaccard  REAL    NOT NULL,
    a_in_b   REAL    NOT NULL,                     -- share of a's shingles found in b
    b_in_a   REAL    NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX dup_links_b ON dup_links (b);

-- Story summaries, refreshed for every story the link stage touches.
CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    articles    INTEGER NOT NULL,
    outlets     INTEGER NOT NULL,
    independent INTEGER NOT NULL,                  -- articles after collapsing copies
    first_time  INTEGER,
    last_time   INTEGER,
    label       TEXT    NOT NULL,
    languages   TEXT    NOT NULL                   -- comma-separated codes
);

-- Stories that converged: `absorbed` ceased to exist and its articles moved to `into_story`.
CREATE TABLE story_merges (
    absorbed    INTEGER PRIMARY KEY,
    into_story  INTEGER NOT NULL,
    article_seq INTEGER NOT NULL,                  -- the article that bridged them
    similarity  REAL    NOT NULL,
    reason      TEXT    NOT NULL                   -- duplicate | similar
);

-- Saved state of the streaming stages (the story clusterer), and their settings.
CREATE TABLE link_state (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
