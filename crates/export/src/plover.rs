//! Events as PLOVER-style JSON: one object per coded, non-negated event, with the field names
//! of the PLOVER specification and the POLECAT data set (`id`, `event_date`, `event_type`,
//! `mode`, `context`, `actor`/`recipient` with their country, `source`, `text`).
//!
//! citra codes CAMEO; the PLOVER `event_type` is derived from the CAMEO code by the crosswalk
//! [`event_type`] (at the root level, as PLOVER's own CAMEO mapping goes), so it is no
//! independent PLOVER coding: `cameo_code` is kept beside it.

use crate::tables::{country_of, quad_class};
use crate::{Error, SCHEMA_VERSION};
use citra_store::export::EventExport;
use serde_json::{Value as J, json};
use std::io::Write;

/// The PLOVER event type of a CAMEO code (root 1–20; `0874`, retreat militarily, is PLOVER's
/// RETREAT): 02 and 10 REQUEST, 03 AGREE, 04 CONSULT, 05 SUPPORT, 06 COOPERATE, 07 AID,
/// 08 CONCEDE, 09 and 11 ACCUSE, 12 REJECT, 13 THREATEN, 14 PROTEST, 15 MOBILIZE, 16 SANCTION,
/// 17 COERCE, 18–20 ASSAULT; `None` for 01 (public statements, which PLOVER does not code).
pub fn event_type(code: &str, root: u8) -> Option<&'static str> {
    if code.starts_with("087") {
        return Some("RETREAT");
    }
    Some(match root {
        2 | 10 => "REQUEST",
        3 => "AGREE",
        4 => "CONSULT",
        5 => "SUPPORT",
        6 => "COOPERATE",
        7 => "AID",
        8 => "CONCEDE",
        9 | 11 => "ACCUSE",
        12 => "REJECT",
        13 => "THREATEN",
        14 => "PROTEST",
        15 => "MOBILIZE",
        16 => "SANCTION",
        17 => "COERCE",
        18..=20 => "ASSAULT",
        _ => return None,
    })
}

/// The PLOVER mode the CAMEO root decides, where it decides one: ACCUSE's `investigate` (09)
/// and `disapprove` (11); `None` elsewhere.
pub fn mode(root: u8) -> Option<&'static str> {
    match root {
        9 => Some("investigate"),
        11 => Some("disapprove"),
        _ => None,
    }
}

/// One actor (`actor` or `recipient`): the code as coded, its country (alpha-3) and the
/// country's English name.
fn actor(code: &str) -> J {
    let country = country_of(code);
    let name = country
        .and_then(|c| citra_mentions::Gazetteer::shared().country_by_alpha3(c))
        .map(|c| c.name_en);
    json!({ "code": code, "country": country, "name": name })
}

/// The PLOVER object of an event, or `None` for an event PLOVER does not hold (a negated
/// action, which did not happen, or a public statement, root 01).
pub fn object(e: &EventExport) -> Option<J> {
    let root = u8::try_from(e.root).unwrap_or(0);
    let event_type = event_type(&e.code, root)?;
    if e.negated {
        return None;
    }
    let context: Vec<&str> =
        e.themes.as_deref().map(|t| t.split(',').collect()).unwrap_or_default();
    Some(json!({
        "id": format!("citra-{}", e.event_id),
        "event_date": e.created_at.map(|t| t.date_naive().format("%Y-%m-%d").to_string()),
        "event_type": event_type,
        "mode": mode(root),
        "context": context,
        "actor": actor(&e.source),
        "recipient": actor(&e.target),
        "cameo_code": e.code,
        "quad_code": quad_class(&e.quad),
        "intensity": e.goldstein,
        "text": e.sentence,
        "source": { "doc_key": e.doc_key, "url": e.url },
        "version": SCHEMA_VERSION,
    }))
}

/// Writes PLOVER objects, one per line.
pub struct PloverWriter<W: Write> {
    out: std::io::BufWriter<W>,
    written: u64,
    skipped: u64,
}

impl<W: Write> PloverWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        PloverWriter { out: std::io::BufWriter::new(out), written: 0, skipped: 0 }
    }

    /// Writes the event's object, or counts it as skipped ([`object`] gives none).
    pub fn event(&mut self, e: &EventExport) -> Result<(), Error> {
        match object(e) {
            Some(o) => {
                serde_json::to_writer(&mut self.out, &o)?;
                self.out.write_all(b"\n")?;
                self.written += 1;
            }
            None => self.skipped += 1,
        }
        Ok(())
    }

    /// Flushes; returns (objects written, events left out).
    pub fn finish(mut self) -> Result<(u64, u64), Error> {
        self.out.flush()?;
        Ok((self.written, self.skipped))
    }
}
