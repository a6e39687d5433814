//! A cheap change counter, for callers that cache what they compute from the store.

use crate::{Result, Store, sql};

impl Store {
    /// SQLite's `PRAGMA data_version` of this connection: it changes whenever another
    /// connection (in this process or another) commits a change to the file, and stays the same
    /// otherwise. Commits made through this same connection do not change it, so a cache should
    /// keep one connection only for asking this.
    pub fn data_version(&self) -> Result<i64> {
        self.conn.pragma_query_value(None, "data_version", |r| r.get(0)).map_err(sql(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use citra_model::{Annotation, RawDoc};

    #[test]
    fn version010_changes_on_other_connections_commits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let watcher = Store::open(&path).unwrap();
        let mut writer = Store::open(&path).unwrap();
        let v0 = watcher.data_version().unwrap();
        assert_eq!(watcher.data_version().unwrap(), v0, "no change, same version");
        let doc = RawDoc { platform: "x".into(), text: "Mexico".into(), ..RawDoc::default() };
        let ann: Annotation = serde_json::from_value(serde_json::json!({
            "normalized": "Mexico",
            "lang": {"lang": "eng", "confidence": 1.0},
            "mentions": [],
            "tone": {"score": 0.0, "label": "neutral", "confidence": 0.0},
            "diagnostics": [],
        }))
        .unwrap();
        let mut batch = writer.batch().unwrap();
        batch.insert(&doc, &ann).unwrap();
        batch.commit().unwrap();
        assert_ne!(watcher.data_version().unwrap(), v0, "another connection committed");
    }
}
