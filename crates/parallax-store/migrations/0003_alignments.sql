-- Schema 3: passage alignments of article pairs, computed on request and kept so that later
-- views (story comparison, provenance, the API) read them instead of aligning again.
-- A migration that has shipped is never edited: add a new numbered file instead.

CREATE TABLE alignments (
    a           INTEGER NOT NULL,                  -- article seq of the first text
    b           INTEGER NOT NULL,                  -- article seq of the second text
    texts_hash  INTEGER NOT NULL,                  -- hash of both compared texts and settings
    alignment   BLOB    NOT NULL,                  -- zstd-compressed JSON of parallax_align::Alignment
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
