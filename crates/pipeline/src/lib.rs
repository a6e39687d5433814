//! Wires the per-document stages into one annotator.
//!
//! ```text
//! RawDoc.text ──► normalize ──► langid ──► mentions ──► tone (document, and per target)
//!             ──► actions (events source → target, themes per mention) ──► Annotation
//! ```
//!
//! Every stage is a total function: [`Pipeline::annotate`] never fails and never panics; what
//! the stages had to repair or could not decide is in [`Annotation::diagnostics`]. Mention spans
//! point into the document's original text.
//!
//! ```
//! use citra_model::{Lang, ToneLabel};
//! use citra_pipeline::Pipeline;
//!
//! let p = Pipeline::new();
//! let a = p.annotate_text(
//!     "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem.",
//!     None,
//! );
//! assert_eq!(a.lang.lang, Lang::Ind);
//! let usa = a.mentions.iter().find(|m| m.country == "USA").unwrap();
//! assert_eq!(usa.surface, "Amerika Serikat");
//! // The actions stage: Indonesia criticizes (CAMEO 111, verbal conflict) the United States.
//! let e = a.events.iter().find(|e| e.target == "USA").unwrap();
//! assert_eq!((e.source.as_str(), e.code.as_str()), ("IDN", "111"));
//! ```
#![deny(missing_docs)]

pub mod counting;
pub mod par;

use chrono::NaiveDate;
use citra_actions::{ActionCoder, ActorDict};
use citra_langid::LangDetector;
use citra_mentions::Gazetteer;
use citra_model::{
    Annotation, Diagnostic, Lang, LangGuess, Mention, MentionKind, RawDoc, Severity, Span, Tone,
};
use citra_normalize::{Normalized, normalize};
use citra_tone::{TargetExplanation, ToneScorer};

/// What the pipeline may know about a text besides the text itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocContext<'a> {
    /// The platform's language tag: a hint that breaks near-ties, never the answer.
    pub hint: Option<Lang>,
    /// The author's handle: when it is a known actor, its country is the source of actions
    /// whose subject is not named.
    pub author: Option<&'a str>,
    /// The day the text was published: decides which office holder a title ("Presiden RI") or
    /// a handle (`@POTUS`) means.
    pub date: Option<NaiveDate>,
    /// Extra actor dictionaries whose names become mentions (they win over overlapping ones).
    pub extra_actors: &'a [&'a ActorDict],
}

/// The per-document annotator: normalize → langid → mentions → tone.
///
/// Cheap to create: the stages' data is loaded once per process, on first use.
#[derive(Clone, Copy)]
pub struct Pipeline {
    langid: &'static LangDetector,
    gazetteer: &'static Gazetteer,
    tone: &'static ToneScorer,
    actions: &'static ActionCoder,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new()
    }
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pipeline")
    }
}

impl Pipeline {
    /// The pipeline with the embedded data of every stage.
    pub fn new() -> Pipeline {
        Pipeline {
            langid: LangDetector::shared(),
            gazetteer: Gazetteer::shared(),
            tone: ToneScorer::shared(),
            actions: ActionCoder::shared(),
        }
    }

    /// Loads every stage's data now rather than on the first document (for servers and benches).
    pub fn preload(&self) {
        let _ = self.annotate_text("Mexico", Some(Lang::Eng));
    }

    /// The gazetteer of countries and actors the mention stage uses.
    pub fn gazetteer(&self) -> &'static Gazetteer {
        self.gazetteer
    }

    /// Annotates one document: the platform's language tag is a hint only; the author and the
    /// date decide which office holder a title or handle means and the source of actions.
    pub fn annotate(&self, doc: &RawDoc) -> Annotation {
        let ctx = DocContext {
            hint: doc.lang_hint.as_deref().map(Lang::from_code).filter(|l| *l != Lang::Und),
            author: doc.author.as_deref(),
            date: doc.created_at.map(|t| t.date_naive()),
            extra_actors: &[],
        };
        let mut ann = self.annotate_text_with(&doc.text, &ctx);
        for (name, v) in doc.engagement.implausible() {
            ann.diagnostics.push(Diagnostic::new(
                "ingest",
                "engagement-implausible",
                Severity::Warning,
                format!(
                    "{name} = {v} is more than any post has had (over {}): a corrupt or \
                     mis-mapped column? The count is kept as read; reach weights saturate",
                    citra_model::Engagement::PLAUSIBLE_MAX
                ),
            ));
        }
        ann
    }

    /// Annotates a text with an optional language hint.
    pub fn annotate_text(&self, original: &str, hint: Option<Lang>) -> Annotation {
        self.annotate_text_with(original, &DocContext { hint, ..DocContext::default() })
    }

    /// Annotates a text in a context: language hint, author, date, extra actor dictionaries.
    pub fn annotate_text_with(&self, original: &str, ctx: &DocContext<'_>) -> Annotation {
        let Normalized { text, map, mut diagnostics } = normalize(original);
        let (lang, d) = self.langid.detect(&text, ctx.hint);
        diagnostics.extend(d);
        let (mut mentions, d) = self.gazetteer.find_at(original, &text, &map, lang.lang, ctx.date);
        diagnostics.extend(d);
        for dict in ctx.extra_actors {
            dict.add_mentions(original, &text, &map, &mut mentions);
        }
        let tone = self.tone.score_all(&text, lang.lang, &mut mentions);
        let author_country = ctx
            .author
            .and_then(|a| self.gazetteer.actor_by_handle_at(a, ctx.date))
            .map(|a| a.country);
        let coded = self.actions.code(&text, &map, lang.lang, &mentions, author_country);
        diagnostics.extend(coded.diagnostics);
        Annotation {
            normalized: text,
            lang,
            mentions,
            tone,
            diagnostics,
            events: coded.events,
            themes: coded.themes,
        }
    }

    /// Annotates a text and explains each mention's tone: the clause read, and the words and
    /// rules that gave the tone. Explanation spans are byte spans in `Annotation::normalized`.
    pub fn explain_text(
        &self,
        original: &str,
        ctx: &DocContext<'_>,
    ) -> (Annotation, Vec<TargetExplanation>) {
        let ann = self.annotate_text_with(original, ctx);
        let explained = self.tone.explain_targets(&ann.normalized, ann.lang.lang, &ann.mentions);
        (ann, explained)
    }

    /// Tone toward an arbitrary target given as a span of the original text (for evaluation on
    /// target-tone gold files, whose targets are not always countries).
    ///
    /// Returns the tone and the language used. `lang` overrides detection when given.
    pub fn target_tone(
        &self,
        original: &str,
        target: Span,
        lang: Option<Lang>,
    ) -> (Tone, LangGuess) {
        let norm = normalize(original);
        let guess = match lang {
            Some(l) => LangGuess { lang: l, confidence: 1.0 },
            None => self.langid.detect(&norm.text, None).0,
        };
        let norm_span = norm.map.span_from_original(target);
        let surface = target.slice(original).unwrap_or_default();
        let mut m =
            [Mention { norm_span, ..Mention::name(citra_tone::NOT_A_COUNTRY, surface, target) }];
        self.tone.score_targets(&norm.text, guess.lang, &mut m);
        let tone = m[0].tone.unwrap_or_else(|| self.tone.score(&norm.text, guess.lang));
        (tone, guess)
    }

    /// The mentions of `country` in a text that stand for the country in its image (names,
    /// abbreviations, demonyms, hashtags: [`COUNTRY_KINDS`], naming no actor), with the text's
    /// annotation (the mentions that count by default, see [`counting`]).
    ///
    /// `fallback` (a span of the original text) becomes a mention of the country when the
    /// gazetteer finds none (for training on rows whose labeller found a mention the gazetteer
    /// misses); it is ignored when it overlaps a found mention or is not on char boundaries.
    pub fn country_targets(
        &self,
        original: &str,
        country: &str,
        ctx: &DocContext<'_>,
        fallback: Option<Span>,
    ) -> CountryTargets {
        let ann = self.annotate_text_with(original, ctx);
        let mut mentions = ann.mentions.clone();
        let mut of_country: Vec<usize> = mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.country == country && COUNTRY_KINDS.contains(&m.kind) && m.actor.is_none()
            })
            .map(|(i, _)| i)
            .collect();
        let found = !of_country.is_empty();
        let overlaps = |span: Span| {
            mentions.iter().any(|m| m.span.start < span.end && span.start < m.span.end)
        };
        if let Some((span, surface)) =
            fallback.filter(|&s| !found && !overlaps(s)).and_then(|s| Some((s, s.slice(original)?)))
        {
            let norm = normalize(original);
            let norm_span = norm.map.span_from_original(span);
            mentions.push(Mention { norm_span, ..Mention::name(country, surface, span) });
            of_country.push(mentions.len() - 1);
        }
        CountryTargets { ann, mentions, of_country, found }
    }

    /// The tone toward `country` in a text as the citra index counts it: the mean score of its
    /// mentions of [`COUNTRY_KINDS`], labelled by [`citra_tone::label_of`], with their mean
    /// confidence; `None` when the text does not mention the country.
    pub fn country_tone(
        &self,
        original: &str,
        country: &str,
        ctx: &DocContext<'_>,
    ) -> Option<Tone> {
        let t = self.country_targets(original, country, ctx, None);
        combine_tones(t.of_country.iter().filter_map(|&i| t.mentions[i].tone))
    }
}

/// Mention kinds that stand for a country in its image: names, abbreviations, demonyms and
/// hashtags. Capitals, leaders and handles are actors, counted apart (see the labelling
/// guideline of the country-tone data).
pub const COUNTRY_KINDS: [MentionKind; 4] =
    [MentionKind::Name, MentionKind::Abbreviation, MentionKind::Demonym, MentionKind::Hashtag];

/// What [`Pipeline::country_targets`] found.
#[derive(Debug, Clone)]
pub struct CountryTargets {
    /// The text's annotation (its mentions scored by the pipeline).
    pub ann: Annotation,
    /// The annotation's mentions, plus the fallback one when it was used.
    pub mentions: Vec<Mention>,
    /// Indices in `mentions` of the country's mentions.
    pub of_country: Vec<usize>,
    /// True when the gazetteer found the country (the fallback was not needed).
    pub found: bool,
}

/// One document's tone toward a country from its mentions' tones, as the citra index combines
/// them: the mean score, labelled by [`citra_tone::label_of`], with the mean confidence.
pub fn combine_tones(tones: impl IntoIterator<Item = Tone>) -> Option<Tone> {
    let (mut n, mut score, mut conf) = (0usize, 0.0f32, 0.0f32);
    for t in tones {
        n += 1;
        score += t.score;
        conf += t.confidence;
    }
    (n > 0).then(|| {
        let score = (score / n as f32).clamp(-1.0, 1.0);
        Tone { score, label: citra_tone::label_of(score), confidence: conf / n as f32 }
    })
}
