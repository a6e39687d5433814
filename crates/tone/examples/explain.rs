//! Prints the document tone of a text and the evidence behind the tone toward each target.
//!
//! ```text
//! cargo run -p citra-tone --example explain -- LANG "TEXT" SURFACE[=CODE]...
//! cargo run -p citra-tone --example explain -- en "Mexico is sending drugs into America" Mexico=MEX America=USA
//! ```
//! Each SURFACE is found in TEXT (first occurrence) and scored as a mention.

use citra_model::{Lang, Mention, MentionKind, Span};
use citra_tone::ToneScorer;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(lang), Some(text)) = (args.first(), args.get(1)) else {
        eprintln!("usage: explain LANG TEXT SURFACE[=CODE]...");
        return ExitCode::from(2);
    };
    let lang = Lang::from_code(lang);
    let scorer = ToneScorer::shared();
    let t = scorer.score(text, lang);
    println!("document: {} {:.2} (confidence {:.2})", t.label.as_str(), t.score, t.confidence);
    let mut mentions = Vec::new();
    for a in &args[2..] {
        let (surface, code) = a.split_once('=').unwrap_or((a.as_str(), "XXX"));
        let Some(start) = text.find(surface) else {
            eprintln!("warning: {surface:?} not in text");
            continue;
        };
        let span = Span::new(start, start + surface.len());
        mentions.push(Mention {
            country: code.to_owned(),
            actor: None,
            surface: surface.to_owned(),
            span,
            norm_span: span,
            kind: MentionKind::Name,
            confidence: 1.0,
            tone: None,
        });
    }
    for ex in scorer.explain_targets(text, lang, &mentions) {
        println!(
            "{}: {} {:.2} (confidence {:.2}) clause {:?}",
            ex.country,
            ex.tone.label.as_str(),
            ex.tone.score,
            ex.tone.confidence,
            ex.clause.slice(text).unwrap_or("")
        );
        for e in ex.evidence {
            println!("    {:<20} {:+.2}  {}", e.word, e.valence, e.rule);
        }
    }
    ExitCode::SUCCESS
}
