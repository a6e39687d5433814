//! Attribution: which posts and actors moved a country's index between a baseline and a window.
//!
//! # Definition
//!
//! The unit is the index's: a (document, country) pair with tone `sᵢ` (the mean of its mentions'
//! tones) and weight `wᵢ = 1 + ln(1 + engagement)`. The index of the window is
//! `W = Σ wᵢ sᵢ / Σ wᵢ` over the window's documents, the baseline's `B` likewise over the
//! baseline's. The contribution of window post `i` to the change is
//!
//! `cᵢ = wᵢ (sᵢ − B) / Σⱼ wⱼ` (sum over the window's posts),
//!
//! so the contributions add up exactly to the change `W − B`. A post's share is `cᵢ / (W − B)`:
//! shares add up to 1; a post that pulled against the change has a negative share. An actor's
//! contribution is the sum over its posts. When the baseline has no posts, `B` is taken as 0
//! (neutral) and [`Attribution::baseline_docs`] is 0.
//!
//! Posts and actors are sorted by how much they pushed in the direction of the change (largest
//! share first); with no change, by the size of their contribution.

use crate::doc_weight;
use chrono::{DateTime, Utc};
use citra_model::{Observation, Span, segment::sentences};
use serde::Serialize;
use std::collections::BTreeMap;

/// One window post's part in the change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostContribution {
    /// Store id of the document.
    pub doc_id: i64,
    /// Publication time.
    pub time: DateTime<Utc>,
    /// Author handle, if known.
    pub author: Option<String>,
    /// Engagement total.
    pub engagement: u64,
    /// Weight in the index, `1 + ln(1 + engagement)`.
    pub weight: f64,
    /// Tone toward the country (mean of its mentions).
    pub tone: f64,
    /// Mentions of the country in the post.
    pub mentions: u64,
    /// `w (s − B) / Σ w`: its part of the change, in index points.
    pub contribution: f64,
    /// `contribution / change`; `None` when the change is zero.
    pub share: Option<f64>,
}

/// One actor's part in the change: the sum over its posts in the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorContribution {
    /// Author handle (`None` for posts without one).
    pub author: Option<String>,
    /// Posts in the window.
    pub posts: u64,
    /// Sum of their weights.
    pub reach: f64,
    /// Sum of their engagement.
    pub engagement: u64,
    /// Reach-weighted mean tone of its posts.
    pub tone: f64,
    /// Sum of its posts' contributions.
    pub contribution: f64,
    /// `contribution / change`; `None` when the change is zero.
    pub share: Option<f64>,
}

/// What moved the index between a baseline and a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    /// Index of the baseline (0 when it has no posts).
    pub baseline: f64,
    /// Index of the window (`None` when it has no posts).
    pub window: Option<f64>,
    /// `window − baseline` (`None` when the window has no posts).
    pub change: Option<f64>,
    /// Posts in the baseline.
    pub baseline_docs: u64,
    /// Posts in the window.
    pub window_docs: u64,
    /// Window posts, most contributing first.
    pub posts: Vec<PostContribution>,
    /// Actors, most contributing first.
    pub actors: Vec<ActorContribution>,
}

/// Folds observations into (document, tone, weight) units, in time order.
fn posts_of(obs: &[Observation]) -> Vec<PostContribution> {
    let mut by: BTreeMap<i64, (PostContribution, f64)> = BTreeMap::new();
    for o in obs {
        let s = f64::from(o.score);
        if !s.is_finite() {
            continue;
        }
        let e = by.entry(o.doc_id).or_insert_with(|| {
            let p = PostContribution {
                doc_id: o.doc_id,
                time: o.time,
                author: o.author.clone(),
                engagement: o.engagement,
                weight: doc_weight(o.engagement),
                tone: 0.0,
                mentions: 0,
                contribution: 0.0,
                share: None,
            };
            (p, 0.0)
        });
        e.0.mentions += 1;
        e.1 += s.clamp(-1.0, 1.0);
    }
    let mut posts: Vec<PostContribution> = by
        .into_values()
        .map(|(mut p, sum)| {
            p.tone = sum / p.mentions as f64;
            p
        })
        .collect();
    posts.sort_by(|a, b| a.time.cmp(&b.time).then(a.doc_id.cmp(&b.doc_id)));
    posts
}

fn weighted_mean(posts: &[PostContribution]) -> Option<f64> {
    let w: f64 = posts.iter().map(|p| p.weight).sum();
    (w > 0.0).then(|| posts.iter().map(|p| p.weight * p.tone).sum::<f64>() / w)
}

/// The attribution of the change from `baseline` to `window` (observations of one country);
/// see the module docs for the definition.
pub fn attribute(window: &[Observation], baseline: &[Observation]) -> Attribution {
    let base_posts = posts_of(baseline);
    let mut posts = posts_of(window);
    let base = weighted_mean(&base_posts).unwrap_or(0.0);
    let win = weighted_mean(&posts);
    let change = win.map(|w| w - base);
    let total_w: f64 = posts.iter().map(|p| p.weight).sum();
    let share = |c: f64| change.filter(|d| d.abs() > 1e-12).map(|d| c / d);
    for p in &mut posts {
        p.contribution = if total_w > 0.0 { p.weight * (p.tone - base) / total_w } else { 0.0 };
        p.share = share(p.contribution);
    }
    let mut actors: BTreeMap<Option<String>, ActorContribution> = BTreeMap::new();
    for p in &posts {
        let a = actors.entry(p.author.clone()).or_insert_with(|| ActorContribution {
            author: p.author.clone(),
            posts: 0,
            reach: 0.0,
            engagement: 0,
            tone: 0.0,
            contribution: 0.0,
            share: None,
        });
        a.posts += 1;
        a.reach += p.weight;
        a.engagement = a.engagement.saturating_add(p.engagement);
        a.tone += p.weight * p.tone;
        a.contribution += p.contribution;
    }
    let mut actors: Vec<ActorContribution> = actors
        .into_values()
        .map(|mut a| {
            a.tone /= a.reach;
            a.share = share(a.contribution);
            a
        })
        .collect();
    // In the direction of the change: the largest push first.
    let dir = change.map_or(0.0, f64::signum);
    let key = |c: f64| if dir == 0.0 { c.abs() } else { c * dir };
    posts.sort_by(|a, b| {
        key(b.contribution).total_cmp(&key(a.contribution)).then(a.time.cmp(&b.time))
    });
    actors.sort_by(|a, b| {
        key(b.contribution).total_cmp(&key(a.contribution)).then(a.author.cmp(&b.author))
    });
    Attribution {
        baseline: base,
        window: win,
        change,
        baseline_docs: base_posts.len() as u64,
        window_docs: posts.len() as u64,
        posts,
        actors,
    }
}

/// The sentence of `text` (by [`sentences`]) that holds the byte span `mention`; the span itself
/// when no sentence holds it whole. `None` when the span does not lie on char boundaries of
/// `text`.
pub fn sentence_of(text: &str, mention: Span) -> Option<Span> {
    mention.slice(text)?;
    let found = sentences(text)
        .into_iter()
        .find(|s| s.start <= mention.start && mention.end <= s.end)
        .unwrap_or(mention);
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use citra_model::{Lang, ToneLabel};

    fn obs(doc: i64, day: u32, author: &str, score: f32, eng: u64) -> Observation {
        Observation {
            doc_id: doc,
            mention_id: doc * 10,
            time: Utc.with_ymd_and_hms(2019, 6, day, 12, 0, 0).unwrap(),
            country: "MEX".into(),
            score,
            label: ToneLabel::Neutral,
            confidence: 1.0,
            engagement: eng,
            lang: Lang::Eng,
            author: Some(author.into()),
            kind: citra_model::MentionKind::Name,
            actor: None,
        }
    }

    #[test]
    fn hand_computed() {
        // Baseline: two posts of weight 1 at −0.6 and −0.2 → B = −0.4.
        let baseline = [obs(1, 1, "a", -0.6, 0), obs(2, 2, "b", -0.2, 0)];
        // Window, all of weight 1: post 3 (a, w 1) at +0.4, post 4 (b, w 1) at −0.4, post 5 (a, w 1) at +0.8.
        let window = [obs(3, 10, "a", 0.4, 0), obs(4, 11, "b", -0.4, 0), obs(5, 12, "a", 0.8, 0)];
        let r = attribute(&window, &baseline);
        assert!((r.baseline + 0.4).abs() < 1e-6);
        // W = (0.4 − 0.4 + 0.8) / 3 = 0.2667; change = 0.6667.
        let w = 0.8 / 3.0;
        assert!((r.window.unwrap() - w).abs() < 1e-6);
        let change = r.change.unwrap();
        assert!((change - (w + 0.4)).abs() < 1e-6);
        // Contributions: (0.8/3, 0/3, 1.2/3); shares 0.4, 0, 0.6.
        let rows = [(5, 1.2 / 3.0, 0.6), (3, 0.8 / 3.0, 0.4), (4, 0.0, 0.0)];
        assert_eq!(r.posts.len(), 3);
        for (p, (doc, c, share)) in r.posts.iter().zip(rows) {
            assert_eq!(p.doc_id, doc);
            assert!((p.contribution - c).abs() < 1e-6, "{p:?}");
            assert!((p.share.unwrap() - share).abs() < 1e-6, "{p:?}");
        }
        let sum: f64 = r.posts.iter().map(|p| p.contribution).sum();
        assert!((sum - change).abs() < 1e-12);
        // Actor a: posts 3 and 5 → share 1.0; b: 0.
        assert_eq!(r.actors[0].author.as_deref(), Some("a"));
        assert_eq!(r.actors[0].posts, 2);
        assert!((r.actors[0].share.unwrap() - 1.0).abs() < 1e-6);
        assert!((r.actors[0].tone - 0.6).abs() < 1e-6);
        assert!((r.actors[1].share.unwrap()).abs() < 1e-6);
    }

    #[test]
    fn weighted_and_negative_change() {
        // One heavy post drives the drop; shares sum to one.
        let e = 20_000;
        let w = doc_weight(e);
        let baseline = [obs(1, 1, "a", 0.2, 0)];
        let window = [obs(2, 10, "a", 0.2, 0), obs(3, 11, "trump", -0.8, e)];
        let r = attribute(&window, &baseline);
        let change = r.change.unwrap();
        assert!((change + w / (1.0 + w)).abs() < 1e-6);
        assert_eq!(r.posts[0].doc_id, 3);
        let shares: f64 = r.posts.iter().map(|p| p.share.unwrap()).sum();
        assert!((shares - 1.0).abs() < 1e-9);
        assert!((r.posts[0].share.unwrap() - 1.0).abs() < 1e-9);
        assert!(r.posts[1].share.unwrap().abs() < 1e-9);
        assert_eq!(r.actors[0].author.as_deref(), Some("trump"));
    }

    #[test]
    fn multi_mention_post_counts_once() {
        let mut a = obs(7, 10, "a", -1.0, 0);
        let mut b = obs(7, 10, "a", 0.0, 0);
        a.mention_id = 1;
        b.mention_id = 2;
        let r = attribute(&[a, b], &[]);
        assert_eq!((r.window_docs, r.baseline_docs), (1, 0));
        assert_eq!(r.baseline, 0.0);
        assert_eq!(r.posts[0].mentions, 2);
        assert!((r.posts[0].tone + 0.5).abs() < 1e-9);
        assert!((r.change.unwrap() + 0.5).abs() < 1e-9);
    }

    #[test]
    fn empty_window_and_no_change() {
        let r = attribute(&[], &[obs(1, 1, "a", 0.3, 0)]);
        assert_eq!((r.window, r.change, r.posts.len()), (None, None, 0));
        let r = attribute(&[obs(2, 10, "a", 0.3, 0)], &[obs(1, 1, "b", 0.3, 0)]);
        assert!(r.change.unwrap().abs() < 1e-9);
        assert_eq!(r.posts[0].share, None);
    }

    #[test]
    fn sentences_table() {
        let text = "The U.S. has a trade deficit. Mexico will pay for the wall! Thanks.";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let rows = [
            ("basic010", at("Mexico"), Some("Mexico will pay for the wall!")),
            ("basic020", at("U.S."), Some("The U.S. has a trade deficit.")),
            ("cross010", at("deficit. Mexico"), Some("deficit. Mexico")),
            ("bad010", Span::new(60, 200), None),
        ];
        for (name, span, want) in rows {
            assert_eq!(sentence_of(text, span).and_then(|s| s.slice(text)), want, "{name}");
        }
        let t = "¡México! Sí.";
        assert_eq!(sentence_of(t, Span::new(2, 4)), None); // inside 'é'
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use chrono::TimeZone;
    use citra_model::{Lang, ToneLabel};
    use proptest::prelude::*;

    fn obs(rows: &[(i64, f32, u64, u8)]) -> Vec<Observation> {
        rows.iter()
            .enumerate()
            .map(|(i, &(doc, score, eng, author))| Observation {
                doc_id: doc,
                mention_id: i as i64,
                time: Utc.timestamp_opt(1_500_000_000 + doc * 3600, 0).unwrap(),
                country: "MEX".into(),
                score,
                label: ToneLabel::Neutral,
                confidence: 1.0,
                engagement: eng,
                lang: Lang::Eng,
                author: Some(format!("a{author}")),
                kind: citra_model::MentionKind::Name,
                actor: None,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn contributions_sum_to_the_change(
            win in proptest::collection::vec((0i64..30, -1.0f32..1.0, 0u64..100_000, 0u8..4), 0..40),
            base in proptest::collection::vec((100i64..130, -1.0f32..1.0, 0u64..100_000, 0u8..4), 0..40),
        ) {
            let r = attribute(&obs(&win), &obs(&base));
            let sum: f64 = r.posts.iter().map(|p| p.contribution).sum();
            let actors: f64 = r.actors.iter().map(|a| a.contribution).sum();
            match r.change {
                Some(c) => {
                    prop_assert!((sum - c).abs() < 1e-9);
                    prop_assert!((actors - c).abs() < 1e-9);
                }
                None => prop_assert!(r.posts.is_empty()),
            }
        }

        #[test]
        fn sentence_holds_the_mention(text in "\\PC{0,60}|[a-zA-Z .!?\n]{0,60}", a in 0usize..70, len in 0usize..10) {
            if let Some(s) = sentence_of(&text, Span::new(a, a + len)) {
                prop_assert!(s.slice(&text).is_some());
                prop_assert!(s.start <= a && a + len <= s.end);
            }
        }
    }
}
