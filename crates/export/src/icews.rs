//! The ICEWS layouts (`--format icews`): tab-separated files with ICEWS's column names.
//!
//! - [`EVENTS`]: ICEWS's coded-event file, one row per coded, non-negated event with a CAMEO
//!   code: `Event ID`, `Event Date`, `Source Name`, `Source Sectors`, `Source Country`,
//!   `Event Text`, `CAMEO Code`, `Intensity`, `Target Name`, `Target Sectors`,
//!   `Target Country`, `Story ID`, `Sentence Number`, `Publisher`, `City`, `District`,
//!   `Province`, `Country`, `Latitude`, `Longitude`. citra has no sectors, sentence numbers or
//!   places: those columns are empty.
//! - [`DYADS`]: the dyadic series, one row per (day, source country, target country), in the
//!   form ICEWS events are aggregated to for dyad-day analyses: ICEWS's `Source Country` and
//!   `Target Country` (English names, as ICEWS writes them) with the alpha-3 codes beside them,
//!   the counts of the dyad's coded events per quad class (`Verbal Cooperation` … `Material
//!   Conflict`) and their mean `Intensity` (Goldstein), then citra's own tone columns.

use crate::tables::{country_of, quad_class};
use crate::{Column, Table, Type, Value};
use chrono::NaiveDate;
use citra_analytics::Edge;
use citra_mentions::Gazetteer;
use citra_store::export::EventExport;

const fn col(name: &'static str, ty: Type, nullable: bool) -> Column {
    Column { name, ty, nullable }
}

/// ICEWS coded events.
pub static EVENTS: Table = Table {
    name: "icews_events",
    columns: &[
        col("Event ID", Type::Int64, false),
        col("Event Date", Type::Date, true),
        col("Source Name", Type::Str, false),
        col("Source Sectors", Type::Str, true),
        col("Source Country", Type::Str, true),
        col("Event Text", Type::Str, false),
        col("CAMEO Code", Type::Str, false),
        col("Intensity", Type::Float64, false),
        col("Target Name", Type::Str, false),
        col("Target Sectors", Type::Str, true),
        col("Target Country", Type::Str, true),
        col("Story ID", Type::Str, false),
        col("Sentence Number", Type::Int64, true),
        col("Publisher", Type::Str, true),
        col("City", Type::Str, true),
        col("District", Type::Str, true),
        col("Province", Type::Str, true),
        col("Country", Type::Str, true),
        col("Latitude", Type::Float64, true),
        col("Longitude", Type::Float64, true),
    ],
};

/// The dyadic country → country series per day.
pub static DYADS: Table = Table {
    name: "icews_dyads",
    columns: &[
        col("Event Date", Type::Date, false),
        col("Source Country", Type::Str, false),
        col("Source Code", Type::Str, false),
        col("Target Country", Type::Str, false),
        col("Target Code", Type::Str, false),
        col("Verbal Cooperation", Type::Int64, false),
        col("Material Cooperation", Type::Int64, false),
        col("Verbal Conflict", Type::Int64, false),
        col("Material Conflict", Type::Int64, false),
        col("Intensity", Type::Float64, true),
        col("Documents", Type::Int64, false),
        col("Mentions", Type::Int64, false),
        col("Reach", Type::Float64, false),
        col("Tone", Type::Float64, false),
        col("Tone CI Low", Type::Float64, false),
        col("Tone CI High", Type::Float64, false),
        col("Positive", Type::Float64, false),
        col("Negative", Type::Float64, false),
    ],
};

/// A country's English name (ICEWS's way of naming countries), or the code itself.
fn name(alpha3: &str) -> String {
    Gazetteer::shared()
        .country_by_alpha3(alpha3)
        .map_or_else(|| alpha3.to_owned(), |c| c.name_en.to_owned())
}

/// An event as a row of [`EVENTS`], or `None` for a negated event (ICEWS holds what happened).
pub fn event(e: &EventExport) -> Option<Vec<Value>> {
    if e.negated || quad_class(&e.quad) == 0 {
        return None;
    }
    let root = usize::try_from(e.root).unwrap_or(0);
    let text = citra_actions::ROOT_NAMES.get(root.wrapping_sub(1)).copied().unwrap_or("");
    let country = |code: &str| Value::opt(country_of(code), |c| Value::Str(name(c)));
    Some(vec![
        Value::Int(e.event_id),
        Value::opt(e.created_at, |t| Value::Date(t.date_naive())),
        Value::Str(e.source.clone()),
        Value::Null,
        country(&e.source),
        Value::Str(text.to_owned()),
        Value::Str(e.code.clone()),
        Value::Float(e.goldstein),
        Value::Str(e.target.clone()),
        Value::Null,
        country(&e.target),
        Value::Str(e.doc_key.clone()),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
    ])
}

fn int(v: u64) -> Value {
    Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
}

/// An edge of one day's relations graph as a row of [`DYADS`].
pub fn dyad(date: NaiveDate, e: &Edge) -> Vec<Value> {
    vec![
        Value::Date(date),
        Value::Str(name(&e.source)),
        Value::Str(e.source.clone()),
        Value::Str(name(&e.target)),
        Value::Str(e.target.clone()),
        int(e.verbal_coop),
        int(e.material_coop),
        int(e.verbal_conflict),
        int(e.material_conflict),
        Value::opt(e.goldstein, Value::Float),
        int(e.docs),
        int(e.mentions),
        Value::Float(e.reach),
        Value::Float(e.tone),
        Value::Float(e.ci_low),
        Value::Float(e.ci_high),
        Value::Float(e.positive),
        Value::Float(e.negative),
    ]
}
