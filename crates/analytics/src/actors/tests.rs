use super::*;
use chrono::TimeZone;
use citra_model::{Engagement, Lang, ToneLabel};

fn post(id: i64, author: Option<&str>, likes: u64, lang: Lang, text: &str) -> Post {
    Post {
        id,
        platform: "twitter".into(),
        native_id: Some(format!("n{id}")),
        author: author.map(Into::into),
        time: Some(Utc.with_ymd_and_hms(2019, 5, 30, 12, id as u32, 0).unwrap()),
        lang,
        text: text.into(),
        engagement: Engagement { likes: Some(likes), ..Engagement::default() },
        ..Post::default()
    }
}

fn mention(doc: i64, author: &str, country: &str, actor: Option<&str>, score: f32) -> MentionRow {
    MentionRow {
        doc_id: doc,
        author: Some(author.into()),
        time: Utc.with_ymd_and_hms(2019, 5, 30, 12, doc as u32, 0).unwrap(),
        country: country.into(),
        actor: actor.map(Into::into),
        score: Some(score),
        label: ToneLabel::parse(if score > 0.1 {
            "positive"
        } else if score < -0.1 {
            "negative"
        } else {
            "neutral"
        })
        .unwrap(),
        engagement: 0,
    }
}

fn registry(handle: &str) -> Option<RegistryActor> {
    let (id, name, country) = match handle.to_lowercase().as_str() {
        "realdonaldtrump" => ("usa-trump", "Donald Trump", "USA"),
        "jokowi" => ("idn-jokowi", "Joko Widodo", "IDN"),
        "secpompeo" => ("usa-pompeo", "Mike Pompeo", "USA"),
        _ => return None,
    };
    Some(RegistryActor { id: id.into(), name: name.into(), country: country.into() })
}

/// A hand-made corpus:
/// - realDonaldTrump: #1 (100 likes) MEX −0.4 and −0.8 (doc mean −0.6); #2 (300) MEX +0.2, CHN
///   −0.5; #3 (0, Spanish) no mention; #6 (written "RealDonaldTrump", 0) no mention.
/// - jokowi: #4 (50, Indonesian) USA −0.7 and the actor usa-trump (country USA) −0.9.
/// - SecPompeo: #5 (10) MEX +0.4.
/// - #7 has no author.
fn corpus() -> (Vec<Post>, Vec<MentionRow>) {
    let posts = vec![
        post(1, Some("realDonaldTrump"), 100, Lang::Eng, "Mexico has taken advantage of the U.S."),
        post(2, Some("realDonaldTrump"), 300, Lang::Eng, "Great   talks with\nMexico and China"),
        post(3, Some("realDonaldTrump"), 0, Lang::Spa, "Feliz Navidad"),
        post(4, Some("jokowi"), 50, Lang::Ind, "Indonesia mengecam keras Amerika Serikat"),
        post(5, Some("SecPompeo"), 10, Lang::Eng, "Productive meeting with Mexico"),
        post(6, Some("RealDonaldTrump"), 0, Lang::Eng, "Thank you"),
        post(7, None, 1_000_000, Lang::Eng, "anonymous"),
    ];
    let mentions = vec![
        mention(1, "realDonaldTrump", "MEX", None, -0.4),
        mention(1, "realDonaldTrump", "MEX", None, -0.8),
        mention(2, "realDonaldTrump", "MEX", None, 0.2),
        mention(2, "realDonaldTrump", "CHN", None, -0.5),
        mention(4, "jokowi", "USA", None, -0.7),
        mention(4, "jokowi", "USA", Some("usa-trump"), -0.9),
        mention(5, "SecPompeo", "MEX", None, 0.4),
    ];
    (posts, mentions)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn leaderboard010() {
    let (posts, mentions) = corpus();
    let rows = actor_leaderboard(&posts, &mentions, registry, ActorSort::Engagement);
    let order: Vec<&str> = rows.iter().map(|r| r.author.as_str()).collect();
    assert_eq!(order, vec!["realDonaldTrump", "jokowi", "SecPompeo"], "no-author post left out");

    let t = &rows[0];
    assert_eq!((t.posts, t.engagement), (4, 400), "handles merge case-insensitively");
    assert!(close(t.engagement_per_post, 100.0));
    let top = t.top_post.as_ref().unwrap();
    assert_eq!((top.id, top.engagement), (2, 300));
    assert_eq!(top.snippet, "Great talks with Mexico and China");
    assert_eq!(t.languages, vec![("en".to_owned(), 3), ("es".to_owned(), 1)]);
    let talks: Vec<(&str, usize, usize)> =
        t.talks_about.iter().map(|c| (c.country.as_str(), c.docs, c.mentions)).collect();
    assert_eq!(talks, vec![("MEX", 2, 3), ("CHN", 1, 1)]);
    // MEX: docs −0.6 and +0.2 → −0.2. Given: (−0.6 + 0.2 − 0.5) / 3 = −0.3.
    assert!(close(t.talks_about[0].tone, -0.2));
    assert!(close(t.tone_given.unwrap(), -0.3));
    assert_eq!(t.registry.as_ref().unwrap().id, "usa-trump");
    // Named by jokowi's #4 at −0.9; the USA in #4: (−0.7 − 0.9) / 2 = −0.8.
    let ra = t.received_as_actor.unwrap();
    assert_eq!(ra.docs, 1);
    assert!(close(ra.tone, -0.9));
    let rc = t.received_as_country.unwrap();
    assert_eq!(rc.docs, 1);
    assert!(close(rc.tone, -0.8));

    let j = &rows[1];
    assert_eq!(j.received_as_actor, None);
    assert_eq!(j.received_as_country, None, "nobody else talks about Indonesia");
    assert!(close(j.talks_about[0].tone, -0.8));

    let p = &rows[2];
    assert!(close(p.received_as_country.unwrap().tone, -0.8));
    assert_eq!(p.received_as_actor, None);
}

#[test]
fn leaderboard020_sorts() {
    let (posts, mentions) = corpus();
    // (sort, expected order)
    let rows = [
        (ActorSort::Engagement, vec!["realDonaldTrump", "jokowi", "SecPompeo"]),
        (ActorSort::Posts, vec!["realDonaldTrump", "jokowi", "SecPompeo"]),
        (ActorSort::PerPost, vec!["realDonaldTrump", "jokowi", "SecPompeo"]),
    ];
    for (sort, want) in rows {
        let got = actor_leaderboard(&posts, &mentions, registry, sort);
        let got: Vec<&str> = got.iter().map(|r| r.author.as_str()).collect();
        assert_eq!(got, want, "{sort:?}");
    }
    // Per post, a single viral post wins over a prolific account.
    let mut more = posts.clone();
    more.push(post(8, Some("viral"), 399, Lang::Eng, "once"));
    // The registry is asked with the author's latest post time.
    let seen = std::cell::RefCell::new(Vec::new());
    actor_leaderboard_at(
        &posts,
        &mentions,
        |h: &str, at| {
            seen.borrow_mut().push((h.to_owned(), at));
            None
        },
        ActorSort::Engagement,
    );
    let trump = seen.borrow().iter().find(|(h, _)| h == "realDonaldTrump").cloned().unwrap();
    assert_eq!(trump.1, posts[5].time, "post #6 is Trump's latest");
    let got = actor_leaderboard(&more, &mentions, registry, ActorSort::PerPost);
    assert_eq!(got[0].author, "viral");
    let got = actor_leaderboard(&more, &mentions, registry, ActorSort::Engagement);
    assert_eq!(got[0].author, "realDonaldTrump");
}

#[test]
fn leaderboard030_empty() {
    assert!(actor_leaderboard(&[], &[], registry, ActorSort::Engagement).is_empty());
    // Unscored mentions count for nothing.
    let (posts, mut mentions) = corpus();
    for m in &mut mentions {
        m.score = None;
    }
    let rows = actor_leaderboard(&posts, &mentions, registry, ActorSort::Engagement);
    assert!(rows.iter().all(|r| r.talks_about.is_empty() && r.tone_given.is_none()));
}

#[test]
fn snippet010() {
    let rows = [
        ("short", "Hello  world", 80, "Hello world"),
        ("cut", "abcdefghij", 5, "abcd…"),
        ("multibyte", "México será grande", 6, "Méxic…"),
        ("empty", "", 5, ""),
    ];
    for (case, text, max, want) in rows {
        assert_eq!(snippet(text, max), want, "{case}");
    }
}
