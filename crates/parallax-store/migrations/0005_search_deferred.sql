-- Schema 5: the full-text index is brought up to date when it is searched, not on every
-- insert. Indexing each article as it is stored cost ingest most of its speed (the tokeniser
-- reads every byte of the clean text in the single writer thread). `search_progress` holds the
-- highest article key indexed; everything stored before this schema is already in the index.

DROP TRIGGER articles_search_insert;
DROP TRIGGER articles_search_update;
DROP TRIGGER articles_search_delete;

CREATE TABLE search_progress (
    id              INTEGER PRIMARY KEY CHECK (id = 0),
    indexed_through INTEGER NOT NULL
);
INSERT INTO search_progress (id, indexed_through) SELECT 0, COALESCE(MAX(seq), 0) FROM articles;

-- An external-content index must be told the old values of a row it holds, and only of such a
-- row: a 'delete' for a row it never indexed would corrupt it.
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles
WHEN old.seq <= (SELECT indexed_through FROM search_progress WHERE id = 0)
BEGIN
    INSERT INTO article_search (article_search, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles
WHEN old.seq <= (SELECT indexed_through FROM search_progress WHERE id = 0)
BEGIN
    INSERT INTO article_search (article_search, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO article_search (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
